/**
 * Vocabulary of job feeds: geo, level, job types, list fields. Each function maps obvious aliases to
 * one spelling and otherwise keeps what the feed says (cleaned): nothing is invented.
 *
 * Every function reads its input through cleanText first (cut to FEED_LIMITS.fieldInputChars, then to
 * fieldChars, whitespace collapsed to single spaces), so the regexes below only see short text with no
 * runs of spaces, and none of them rescans a run from each of its characters.
 */
import { FEED_LIMITS } from '../shared/limits';
import { cleanText } from './html';
import { collapseWhitespace, cutText, trimChars } from './text';
import { isJobType, levelOfWord, typeOfText } from './vocabulary';

/** Geo of a job the feed gives no location for. Kept distinct from "Anywhere" (which the feed must say). */
export const GEO_UNSPECIFIED = 'Unspecified';
export const GEO_ANYWHERE = 'Anywhere';

const ANYWHERE = new Set([
  'anywhere', 'worldwide', 'world wide', 'remote', 'global', 'globally', 'fully remote', '100% remote',
  'remote anywhere', 'anywhere in the world', 'work from anywhere', 'remote worldwide', 'remote global',
  'worldwide remote', 'global remote', 'international', 'earth', 'all countries', 'any location', 'wfh',
  'work from home', 'distributed', 'remote first', 'remote-first', 'location independent',
]);

/** Words that say "remote" around a region ("Remote - USA", "USA (Remote)", "US only"). */
const REMOTE_WORDS = /\b(?:fully\s+)?(?:remote|remotely|anywhere\s+in|worldwide|wfh|work\s+from\s+home|only|based|friendly|first|100%)\b/gi;

const GEO_ALIASES: Record<string, string> = {
  us: 'USA', usa: 'USA', 'u.s.': 'USA', 'u.s': 'USA', 'u.s.a.': 'USA', 'u.s.a': 'USA', 'united states': 'USA',
  'united states of america': 'USA', 'the us': 'USA', 'the usa': 'USA', 'the united states': 'USA',
  uk: 'UK', 'u.k.': 'UK', 'u.k': 'UK', 'united kingdom': 'UK', 'great britain': 'UK', gb: 'UK', 'the uk': 'UK',
  britain: 'UK',
  eu: 'Europe', europe: 'Europe', 'european union': 'Europe', european: 'Europe',
  emea: 'EMEA', latam: 'LATAM', 'latin america': 'LATAM', apac: 'APAC', 'asia pacific': 'APAC', 'asia-pacific': 'APAC',
  // Two-letter codes that are also US states (CA, DE…) are not mapped: "Remote - CA" stays "CA".
  canada: 'Canada', 'north america': 'North America', amer: 'Americas', americas: 'Americas',
  germany: 'Germany', uae: 'UAE', 'united arab emirates': 'UAE', australia: 'Australia', 'new zealand': 'New Zealand',
};

/** Splits a geo list: "Canada, USA", "USA / Canada", "USA or Canada", "UK & Ireland", "USA; Mexico" (spaces collapsed). */
const GEO_SEPARATORS = / ?(?:[,;/|+]| (?:or|and|&) ) ?/i;

/**
 * The geo of a job: "Anywhere" when the feed says fully remote with no region; otherwise the region(s)
 * it names, aliases unified ("US", "United States" → "USA"), joined by ", ". "Unspecified" when absent.
 */
export function normaliseGeo(raw: string | null): string {
  if (raw === null) return GEO_UNSPECIFIED;
  const text = cleanText(raw, FEED_LIMITS.fieldChars);
  if (text === '') return GEO_UNSPECIFIED;
  const regions: string[] = [];
  const seen = new Set<string>();
  let anywhere = false;
  for (const part of text.split(GEO_SEPARATORS)) {
    const lower = part.toLowerCase().replace(/[()[\]]/g, ' ').replace(/\s+/g, ' ').trim();
    if (lower === '') continue;
    if (ANYWHERE.has(lower)) {
      anywhere = true;
      continue;
    }
    const stripped = collapseWhitespace(trimChars(part.replace(/[()[\]]/g, ' ').replace(REMOTE_WORDS, ' '), GEO_LEAD, GEO_TAIL));
    if (stripped === '') {
      anywhere = true;
      continue;
    }
    const alias = GEO_ALIASES[stripped.toLowerCase()];
    const region = alias ?? stripped;
    const key = region.toLowerCase();
    if (!seen.has(key)) {
      seen.add(key);
      regions.push(region);
    }
  }
  if (regions.length > 0) return regions.join(', ');
  return anywhere ? GEO_ANYWHERE : GEO_UNSPECIFIED;
}

/** "Remote" as a word ("Remote - USA", "Senior Nurse (Remote)", "remote-friendly"), not inside another word. */
const REMOTE_WORD = /(?:^|[^\p{L}\p{N}])(?:remote|remotely|wfh|telecommute|telework)(?:$|[^\p{L}\p{N}])/iu;
/** Job types that say where, not how long ("Remote", "Work from home"). */
const REMOTE_TYPES = new Set(['remote', 'fully-remote', 'remote-job', 'work-from-home', 'wfh', 'telecommute', 'hybrid-remote']);

/**
 * Whether a job is open to remote work, from what the feed says: a geo of "Anywhere", a remote job
 * type, or the word "Remote" in the location or the title. Inputs are the feed's own text, cut before
 * the regex (the word test is linear).
 */
export function isRemoteJob(input: { geo: string; rawGeo: string | null; types: readonly string[]; title: string }): boolean {
  if (input.geo === GEO_ANYWHERE) return true;
  if (input.types.some((t) => REMOTE_TYPES.has(normaliseType(t)))) return true;
  const location = input.rawGeo === null ? '' : cutText(input.rawGeo, FEED_LIMITS.fieldInputChars);
  return REMOTE_WORD.test(location) || REMOTE_WORD.test(cutText(input.title, FEED_LIMITS.fieldInputChars));
}

const GEO_LEAD = new Set([' ', '-', '–', '—', ':']);
const GEO_TAIL = new Set([' ', '-', '–', '—', ':', '.']);

export type LevelResult = { level: string | null; note?: string };

/**
 * The level the feed gives ("Midweight" → "Mid", "Junior" → "Entry", "Any" → null). When the feed has
 * no level at all (undefined or empty), the title's own seniority word is used ("Senior …" → "Senior").
 */
export function normaliseLevel(raw: string | null | undefined, title: string): LevelResult {
  const text = raw === null || raw === undefined ? '' : cleanText(raw, FEED_LIMITS.fieldChars).toLowerCase();
  if (text === '') return { level: levelFromTitle(title) };
  const mapped = levelOfWord(text);
  if (mapped !== undefined) return { level: mapped };
  return { level: null, note: `unknown level "${text.slice(0, 40)}" dropped` };
}


function levelFromTitle(fullTitle: string): string | null {
  const title = cutText(fullTitle, FEED_LIMITS.fieldInputChars);
  const words = title.toLowerCase().split(/[^a-z.]+/);
  const first = words.find((w) => w !== '');
  if (words.includes('senior') || words.includes('sr.') || first === 'sr') return 'Senior';
  if (words.includes('junior') || words.includes('jr.') || first === 'jr') return 'Entry';
  if (/\bentry[\s-]level\b/.test(title.toLowerCase())) return 'Entry';
  if (words.includes('principal') || first === 'lead') return 'Lead';
  return null;
}

/** Memo of normaliseType: feeds repeat a handful of type spellings thousands of times. */
const typeMemo = new Map<string, string>();
const MEMO_MAX = 1_000;

/** A job type in lower-case kebab form with aliases unified: "Full Time", "FULL_TIME" → "full-time". */
export function normaliseType(raw: string): string {
  // Keyed by the cut text (all kebabType reads), so a hostile megabyte is neither parsed nor kept.
  const key = cutText(raw, FEED_LIMITS.fieldInputChars);
  const known = typeMemo.get(key);
  if (known !== undefined) return known;
  const type = kebabType(key);
  if (typeMemo.size >= MEMO_MAX) typeMemo.clear();
  typeMemo.set(key, type);
  return type;
}

function kebabType(raw: string): string {
  return typeOfText(cleanText(raw, FEED_LIMITS.fieldChars));
}

export function normaliseTypes(raw: readonly string[]): string[] {
  return dedupe(raw.map(normaliseType).filter((t) => t !== ''));
}

/** Whether a category word is really a job type (RSS feeds put both in <category>). */
export function isTypeWord(raw: string): boolean {
  const type = normaliseType(raw);
  return isJobType(type);
}

/** Cleaned display strings (entities decoded, whitespace collapsed), deduplicated case-insensitively. */
export function normaliseList(raw: readonly string[], max = 20): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const value of raw) {
    const text = cleanText(value, FEED_LIMITS.fieldChars);
    const key = text.toLowerCase();
    if (text === '' || seen.has(key)) continue;
    seen.add(key);
    out.push(text);
    if (out.length >= max) break;
  }
  return out;
}

/** Lower-case tags (job-type words in their kebab form), deduplicated, in first-seen order. */
export function normaliseTags(raw: readonly string[], max = 20): string[] {
  return dedupe(normaliseList(raw, max * 2).map((t) => (isTypeWord(t) ? normaliseType(t) : t.toLowerCase()))).slice(0, max);
}

function dedupe(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/**
 * A list from an array of strings/numbers or a comma-separated string (cut before it is split), at most
 * FEED_LIMITS.listItems values.
 */
export function asList(value: unknown): string[] {
  let parts: unknown[];
  if (Array.isArray(value)) parts = value;
  else {
    const text = asText(value);
    parts = text === null ? [] : cutText(text, FEED_LIMITS.fieldInputChars).split(',');
  }
  const out: string[] = [];
  for (const item of parts) {
    if (out.length >= FEED_LIMITS.listItems) break;
    const text = asText(item);
    if (text !== null && text.trim() !== '') out.push(text);
  }
  return out;
}

/** A string from a string or a finite number; null otherwise. */
export function asText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}
