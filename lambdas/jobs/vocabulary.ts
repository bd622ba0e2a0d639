/**
 * The level and job-type vocabulary jobs carry, over plain text (no HTML parser): the feed normaliser
 * (taxonomy.ts) cleans feed text first, and the subscription preferences read a subscriber's words
 * through the same aliases ("Junior" is Entry, "Full Time" is full-time).
 */
import { trimChars } from './text';

/** The levels jobs carry, in order of seniority: the vocabulary of normaliseLevel. */
export const JOB_LEVELS = ['Entry', 'Mid', 'Senior', 'Lead', 'Manager', 'Director', 'Executive'] as const;

const LEVELS: Record<string, string> = {
  entry: 'Entry', 'entry level': 'Entry', 'entry-level': 'Entry', junior: 'Entry', jr: 'Entry', 'jr.': 'Entry',
  graduate: 'Entry', grad: 'Entry', trainee: 'Entry', intern: 'Entry', internship: 'Entry', beginner: 'Entry',
  apprentice: 'Entry', 'no experience': 'Entry',
  mid: 'Mid', 'mid level': 'Mid', 'mid-level': 'Mid', midweight: 'Mid', 'mid-weight': 'Mid', 'mid weight': 'Mid',
  middle: 'Mid', intermediate: 'Mid', experienced: 'Mid',
  'mid-senior': 'Senior', 'mid-senior level': 'Senior', senior: 'Senior', sr: 'Senior', 'sr.': 'Senior', 'senior level': 'Senior', 'senior-level': 'Senior', expert: 'Senior',
  lead: 'Lead', principal: 'Lead', staff: 'Lead', 'team lead': 'Lead', head: 'Lead',
  manager: 'Manager', management: 'Manager',
  director: 'Director', executive: 'Executive', 'c-level': 'Executive', vp: 'Executive',
};
const NO_LEVEL = new Set(['any', 'all', 'all levels', 'any level', 'n/a', 'na', 'none', 'not specified', 'unspecified', 'other', '-']);

const NONE: ReadonlySet<string> = new Set();
const LEVEL_SEPARATORS = new Set(['-', ' ']);

/**
 * The level of a lower-case word or phrase ("midweight" → "Mid", "senior-level" → "Senior"); null for
 * the words that say no level ("any", "n/a"); undefined when it is not in the vocabulary.
 */
export function levelOfWord(text: string): string | null | undefined {
  if (NO_LEVEL.has(text)) return null;
  return LEVELS[text] ?? (text.endsWith('level') ? LEVELS[trimChars(text.slice(0, -'level'.length), NONE, LEVEL_SEPARATORS)] : undefined);
}

const TYPES: Record<string, string> = {
  'full-time': 'full-time', fulltime: 'full-time', full: 'full-time', ft: 'full-time', permanent: 'full-time',
  'part-time': 'part-time', parttime: 'part-time', part: 'part-time', pt: 'part-time',
  contract: 'contract', contractor: 'contract', 'contract-to-hire': 'contract-to-hire', 'contract-to-perm': 'contract-to-hire',
  freelance: 'freelance', freelancer: 'freelance', 'self-employed': 'freelance',
  internship: 'internship', intern: 'internship',
  temporary: 'temporary', temp: 'temporary', seasonal: 'seasonal', volunteer: 'volunteer',
  'per-diem': 'per-diem', apprenticeship: 'apprenticeship',
};

const TYPE_VALUES = new Set(Object.values(TYPES));

/** A job type in lower-case kebab form with aliases unified ("Full Time", "FULL_TIME" → "full-time"), from plain text. */
export function typeOfText(text: string): string {
  const kebab = text
    .toLowerCase()
    .replace(/[_\s/]+/g, '-')
    .replace(/[^a-z0-9-]+/g, '')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  return TYPES[kebab] ?? kebab;
}

/** Whether a kebab-form type is one jobs carry (RSS feeds mix types and topics in <category>). */
export function isJobType(type: string): boolean {
  return TYPE_VALUES.has(type);
}
