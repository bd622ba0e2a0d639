/**
 * The plain-text layout: a guide as text copied from a career-guide page (see
 * test/fixtures/guides/medical-office-administrator.txt).
 *
 * Sections are recognised by their HEADINGS, never by position or line numbers:
 * - a top-level heading ("Key Responsibilities", "Core Functions of the X Role", …) opens its section
 *   wherever it appears, once; a second copy is an error;
 * - a sub-heading ("Tech Skills", "Growth Paths", "✅ Pros", …) is one only inside its parent section
 *   ("Skills and Qualifications", "Job Market Today", …), so a skill-map group called "Soft Skills"
 *   stays a group; when the parent heading is missing, a sub-heading still opens it if it comes in
 *   the canonical order;
 * - any other line (an unknown title-case line included) is content of the current section, and every
 *   content line of a known section lands in a Guide field or raises an error: nothing is dropped
 *   silently except the page chrome (gauge labels, the skill map's generic intro sentence, and
 *   everything from a "Sources & References" / "Share career guide" / "X+ Subscription" heading or a
 *   price line such as "USD $8/month" until the next known section, if any).
 *
 * Every content line is one paragraph or one list item (pages put each <p>/<li> on its own line).
 * The input must already be encoding-repaired; line numbers are those of the original input.
 */
import type { CareerTier, CaseStudy, DayBlock, Faq, Guide, Salary, SkillGroup } from './guide';
import type { ParseContext } from './errors';
import { EXPERIENCE, FOCUS, SHORT, TAKEAWAY, parseAmount, parsePercent, parsePeriod, parseTier, splitRange } from './fields';
import type { GuideContent, ParsedLayout } from './layout';

// ---------------------------------------------------------------------------------------------
// Lines

interface Line {
  /** 1-based line number in the original input. */
  no: number;
  /** Trimmed text, without the bullet marker for bullets. */
  text: string;
  bullet: boolean;
  /**
   * What the first word of headingKey(text) can open (see headingWord): most lines are told apart by
   * it alone, without building their whole key.
   */
  word: number;
}

/** `•`/`●`/`▪`/`◦` with or without a space; `-`/`*` only when followed by whitespace. */
function classify(raw: string, no: number): Line {
  // Trimmed by index, so that a bullet's text is one slice of the line (trim, slice, trim made three).
  let start = 0;
  let end = raw.length;
  while (start < end && isSpace(raw.charCodeAt(start))) start++;
  while (end > start && isSpace(raw.charCodeAt(end - 1))) end--;
  const first = raw.charCodeAt(start);
  let marker = 0;
  if (first === 0x2022 || first === 0x25cf || first === 0x25aa || first === 0x25e6) marker = 1;
  else if ((first === 0x2d || first === 0x2a) && end - start > 1 && isSpace(raw.charCodeAt(start + 1))) marker = 2;
  if (marker > 0) {
    start += marker;
    while (start < end && isSpace(raw.charCodeAt(start))) start++;
  }
  const text = start === 0 && end === raw.length ? raw : raw.slice(start, end);
  if (marker > 0) return { no, text, bullet: true, word: NOT_A_HEADING };
  return { no, text, bullet: false, word: text.length <= SHORT ? headingWord(text) : NOT_A_HEADING };
}

/** What `/\s/` matches (ECMAScript WhiteSpace and LineTerminator), for one UTF-16 unit. */
export function isSpace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 ||
    code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff
  );
}

/** A sentence (ends like one) or too long to be a title, a label or a level. */
function isSentence(text: string): boolean {
  return text.length > 150 || endsWith(text, SENTENCE_END);
}

const SENTENCE_END = '.!?…:;';
const CLOSERS = `"'”’)`;

/** What `/[<marks>]["'”’)]?$/` tests, reading the last two characters only instead of scanning the line. */
function endsWith(text: string, marks: string): boolean {
  const last = text.length - 1;
  if (last < 0) return false;
  const end = text[last] as string;
  if (marks.includes(end)) return true;
  return last > 0 && CLOSERS.includes(end) && marks.includes(text[last - 1] as string);
}

// ---------------------------------------------------------------------------------------------
// Headings

type Key =
  | 'marketDemand' | 'salary' | 'coreFunctions' | 'responsibilities' | 'workSetting' | 'techStack'
  | 'skillsAndQualifications' | 'educationLevel' | 'technicalSkills' | 'softSkills'
  | 'educationPath' | 'requiredEducation' | 'careerTiers' | 'globalOutlook'
  | 'jobMarket' | 'challenges' | 'growthPaths' | 'trends'
  | 'dayInTheLife' | 'workLifeBalance' | 'skillMap' | 'prosCons' | 'pros' | 'cons'
  | 'commonMistakes' | 'advice' | 'caseStudies' | 'portfolioTips' | 'outlook' | 'relatedRoles' | 'faq';

interface HeadingSpec {
  key: Key;
  /** Canonical order on the page. */
  order: number;
  /** Matched against the lower-cased heading without leading emoji/symbols. */
  pattern: RegExp;
  /** Every first word a match of `pattern` can have: lines starting otherwise skip the pattern. */
  words: readonly string[];
  /** Sub-headings: the parent section, and the top-level sections in which they are headings. */
  parent?: Key;
  scope?: readonly Key[];
  /** A pattern loose enough to be a title elsewhere ("Path to …"): a heading only in page order. */
  loose?: boolean;
}

const EDUCATION_SCOPE: readonly Key[] = ['skillsAndQualifications', 'educationPath', 'requiredEducation'];

export const HEADINGS: readonly HeadingSpec[] = [
  { key: 'marketDemand', order: 1, pattern: /^market demand$/, words: ['market'] },
  { key: 'salary', order: 2, pattern: /^(?:annual )?salary(?: range)?(?: ?\([^()]*\))?$/, words: ['annual', 'salary'] },
  { key: 'coreFunctions', order: 3, pattern: /^core functions(?: of (?:the |an? )?[^()]{1,120} role)?$/, words: ['core'] },
  { key: 'responsibilities', order: 4, pattern: /^key responsibilities$/, words: ['key'] },
  { key: 'workSetting', order: 5, pattern: /^work (?:setting|environment)$/, words: ['work'] },
  { key: 'techStack', order: 6, pattern: /^(?:tech(?:nology)? stack|tools (?:and|&) technologies)$/, words: ['tech', 'technology', 'tools'] },
  { key: 'skillsAndQualifications', order: 7, pattern: /^skills (?:and|&) qualifications$/, words: ['skills'] },
  {
    key: 'educationLevel', order: 7.1, pattern: /^education(?:al)? level$/, words: ['education', 'educational'],
    parent: 'skillsAndQualifications', scope: EDUCATION_SCOPE,
  },
  {
    key: 'technicalSkills', order: 7.2, pattern: /^(?:tech|technical|hard) skills$/, words: ['tech', 'technical', 'hard'],
    parent: 'skillsAndQualifications', scope: EDUCATION_SCOPE,
  },
  {
    key: 'softSkills', order: 7.3, pattern: /^soft (?:abilities|skills)$/, words: ['soft'],
    parent: 'skillsAndQualifications', scope: EDUCATION_SCOPE,
  },
  { key: 'educationPath', order: 8, pattern: /^path to \S.{0,150}$/s, words: ['path'], loose: true },
  { key: 'requiredEducation', order: 9, pattern: /^required education(?: (?:and|&) training)?$/, words: ['required'] },
  { key: 'careerTiers', order: 10, pattern: /^career (?:path )?tiers$/, words: ['career'] },
  { key: 'globalOutlook', order: 11, pattern: /^global outlook$/, words: ['global'] },
  { key: 'jobMarket', order: 12, pattern: /^job market(?: today)?$/, words: ['job'] },
  { key: 'challenges', order: 12.1, pattern: /^(?:role )?challenges$/, words: ['role', 'challenges'], parent: 'jobMarket', scope: ['jobMarket'] },
  { key: 'growthPaths', order: 12.2, pattern: /^growth paths$/, words: ['growth'], parent: 'jobMarket', scope: ['jobMarket'] },
  { key: 'trends', order: 12.3, pattern: /^industry trends$/, words: ['industry'], parent: 'jobMarket', scope: ['jobMarket'] },
  { key: 'dayInTheLife', order: 13, pattern: /^a day in the life(?: of [^()]{1,120})?$/, words: ['a'] },
  { key: 'workLifeBalance', order: 14, pattern: /^work[- ]life balance(?: (?:&|and) stress)?$/, words: ['work-life', 'work'] },
  { key: 'skillMap', order: 15, pattern: /^skill map$/, words: ['skill'] },
  { key: 'prosCons', order: 16, pattern: /^pros (?:&|and) cons(?: (?:for|of) [^()]{1,120})?$/, words: ['pros'] },
  { key: 'pros', order: 16.1, pattern: /^pros$/, words: ['pros'], parent: 'prosCons', scope: ['prosCons'] },
  { key: 'cons', order: 16.2, pattern: /^cons$/, words: ['cons'], parent: 'prosCons', scope: ['prosCons'] },
  { key: 'commonMistakes', order: 17, pattern: /^common (?:mistakes of beginners|beginner mistakes|mistakes)$/, words: ['common'] },
  { key: 'advice', order: 18, pattern: /^contextual advice$/, words: ['contextual'] },
  { key: 'caseStudies', order: 19, pattern: /^(?:examples (?:and|&) )?case studies$/, words: ['examples', 'case'] },
  { key: 'portfolioTips', order: 20, pattern: /^portfolio tips$/, words: ['portfolio'] },
  { key: 'outlook', order: 21, pattern: /^job outlook(?: (?:&|and) related roles)?$/, words: ['job'] },
  { key: 'relatedRoles', order: 21.1, pattern: /^related roles$/, words: ['related'], parent: 'outlook', scope: ['outlook'] },
  { key: 'faq', order: 22, pattern: /^(?:frequently asked questions|faqs?)$/, words: ['frequently', 'faq', 'faqs'] },
];

const SPEC_BY_KEY = new Map<Key, HeadingSpec>(HEADINGS.map((spec) => [spec.key, spec]));

/**
 * A hash of the ASCII lower case of text[start, end): the key of the word tables. Two words may share
 * one; that only lets a line try a pattern that cannot match it, as the patterns decide.
 */
function wordHash(text: string, start: number, end: number): number {
  let hash = 0;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    hash = (Math.imul(hash, 31) + (code >= 0x41 && code <= 0x5a ? code + 0x20 : code)) | 0;
  }
  return hash & 0x3fffffff; // small integers: cheaper Map keys than a 32-bit one
}

/**
 * A spec and its pattern's case-insensitive twin. On ASCII text, a pattern of lower-case letters
 * matches the lower-cased text exactly when its twin matches the text as it is: most headings are
 * matched without lower-casing them (see asciiKey).
 */
interface Matcher {
  spec: HeadingSpec;
  caseless: RegExp;
}

const caseless = (pattern: RegExp): RegExp => new RegExp(pattern.source, `${pattern.flags}i`);
const MATCHERS: readonly Matcher[] = HEADINGS.map((spec) => ({ spec, caseless: caseless(spec.pattern) }));

/** The specs a first word can open, in HEADINGS order (the first match wins, as over the whole list). */
const MATCHERS_BY_WORD = new Map<number, Matcher[]>();
for (const matcher of MATCHERS) {
  for (const word of matcher.spec.words) {
    const hash = wordHash(word, 0, word.length);
    const matchers = MATCHERS_BY_WORD.get(hash) ?? [];
    if (!matchers.includes(matcher)) MATCHERS_BY_WORD.set(hash, [...matchers, matcher]);
  }
}

/** Heading text for matching: lower case, without leading emoji, flags or symbols ("📈 Market Demand"). */
export function headingKey(text: string): string {
  const first = text.charCodeAt(0);
  const letterFirst = (first >= 0x61 && first <= 0x7a) || (first >= 0x41 && first <= 0x5a);
  const stripped = letterFirst ? text : text.replace(LEADING_SYMBOLS, '');
  return (/\s\s|[^\S ]/.test(stripped) ? stripped.replace(/\s+/g, ' ') : stripped).toLowerCase();
}

const LEADING_SYMBOLS = /^[^\p{L}\p{N}]+/u;

/** Where headingKey(text) starts: past leading emoji, flags and symbols. */
function keyStart(text: string): number {
  const first = text.charCodeAt(0);
  if ((first >= 0x61 && first <= 0x7a) || (first >= 0x41 && first <= 0x5a) || (first >= 0x30 && first <= 0x39)) return 0;
  return LEADING_SYMBOLS.exec(text)?.[0].length ?? 0;
}

/**
 * headingKey(text) before lower-casing, when that is all it takes (ASCII with single spaces, as most
 * headings are), for the caseless patterns; else null.
 */
function asciiKey(text: string): string | null {
  const start = keyStart(text);
  for (let i = start, space = false; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x80 || (code < 0x20 && isSpace(code)) || (code === 0x20 && space)) return null;
    space = code === 0x20;
  }
  return start === 0 ? text : text.slice(start);
}

/** Line.word of bullets and long lines: neither headings nor chrome. */
const NOT_A_HEADING = -1;
/**
 * Line.word when the first word has non-ASCII characters, which may lower-case to ASCII (the Kelvin
 * sign to "k"): the first word of the lower-cased key decides.
 */
const ANY_WORD = -2;
/** Line.word when the first word is longer than any that opens a heading or chrome. */
const LONG_WORD = -3;
const LONGEST_WORD = 12;

/**
 * The first word of headingKey(text) (up to its first space), as its wordHash or one of the codes
 * above: read in place, without building the key or even the word.
 */
function headingWord(text: string): number {
  const start = keyStart(text);
  let end = start;
  for (; end < text.length; end++) {
    const code = text.charCodeAt(end);
    if (isSpace(code)) break;
    if (code >= 0x80) return ANY_WORD;
    if (end - start >= LONGEST_WORD) return LONG_WORD;
  }
  return wordHash(text, start, end);
}

function matchHeading(line: Line): HeadingSpec | null {
  const word = line.word;
  if (word === NOT_A_HEADING || word === LONG_WORD) return null;
  if (word === ANY_WORD) {
    const key = headingKey(line.text);
    const space = key.indexOf(' ');
    const matchers = MATCHERS_BY_WORD.get(wordHash(key, 0, space === -1 ? key.length : space));
    return matchers?.find(({ spec }) => spec.pattern.test(key))?.spec ?? null;
  }
  const matchers = MATCHERS_BY_WORD.get(word);
  if (matchers === undefined) return null;
  const ascii = asciiKey(line.text);
  if (ascii !== null) {
    for (const { spec, caseless } of matchers) if (caseless.test(ascii)) return spec;
    return null;
  }
  const key = headingKey(line.text);
  for (const { spec } of matchers) if (spec.pattern.test(key)) return spec;
  return null;
}

export const CHROME_HEADING =
  /^(?:sources? (?:&|and) references|references|share (?:this )?(?:career )?guide|share this (?:page|article)|[^\s].{0,40}\+ ?(?:subscription|membership))$/s;
export const CHROME_LINE =
  /^(?:(?:[a-z]{3} ?)?[$€£] ?\d{1,6}(?:[.,]\d{1,2})? ?\/ ?(?:mo|month|yr|year)|go to account\b.*|share (?:on|via) (?:facebook|linkedin|twitter|x|email|whatsapp))$/s;
/** The first words of the alternatives above that need no $ € £ or +. */
const CHROME_WORDS = new Set(['source', 'sources', 'references', 'share', 'go'].map((word) => wordHash(word, 0, word.length)));
const CHROME_HEADING_CASELESS = caseless(CHROME_HEADING);

/** Page chrome that ends the guide: known headings after the content and share/price lines. */
function isChrome(line: Line): boolean {
  const word = line.word;
  if (word === NOT_A_HEADING) return false;
  if (!(word === ANY_WORD || CHROME_WORDS.has(word) || /[$€£+]/.test(line.text))) return false;
  const ascii = asciiKey(line.text);
  const heading = ascii !== null ? CHROME_HEADING_CASELESS.test(ascii) : CHROME_HEADING.test(headingKey(line.text));
  return heading || CHROME_LINE.test(line.text.toLowerCase());
}

/** How the text parser reads one short non-bullet line (for tests): the section it opens, whether it is chrome. */
export function readHeadingLine(text: string): { heading: Key | null; chrome: boolean } {
  const line = classify(text, 1);
  return { heading: matchHeading(line)?.key ?? null, chrome: isChrome(line) };
}

interface Section {
  key: Key;
  heading: Line;
  lines: Line[];
}

// ---------------------------------------------------------------------------------------------
// The parser

const TITLE = /^(.+?)\s+career path guide$/is;

/** True when the first non-blank line is a "<Role> Career Path Guide" title. */
export function looksLikeTextGuide(lines: readonly string[]): boolean {
  const first = lines.find((l) => l.trim() !== '');
  return first !== undefined && first.trim().length <= SHORT && TITLE.test(first.trim());
}

export function parseTextGuide(rawLines: readonly string[], ctx: ParseContext): ParsedLayout {
  let index = 0;
  while (index < rawLines.length && (rawLines[index] as string).trim() === '') index++;
  const titleRaw = (rawLines[index] ?? '').trim();
  const titleMatch = titleRaw.length <= SHORT ? TITLE.exec(titleRaw) : null;
  if (!titleMatch) {
    ctx.fail(index + 1, "not a guide: expected a '<Role> Career Path Guide' title line or '---' front matter");
  }
  const title = (titleMatch[1] as string).trim();
  const titleLine = index + 1;

  // Split into the intro and the sections, by heading.
  const intro: Line[] = [];
  const sections = new Map<Key, Section>();
  const seen = new Map<Key, number>();
  let current: Line[] = intro;
  let top: Key | null = null;
  let chrome = false;
  const orderOf = (key: Key | null): number => (key === null ? 0 : (SPEC_BY_KEY.get(key)?.order ?? 0));

  for (let i = index + 1; i < rawLines.length; i++) {
    const raw = rawLines[i] as string;
    if (raw.length === 0) continue; // a third of a page's lines: not worth a Line
    const line = classify(raw, i + 1);
    if (line.text === '') continue;
    const spec = matchHeading(line);
    if (chrome) {
      // Chrome ends at a known section that has not been seen yet (chrome in mid-page), else at EOF.
      if (!spec || spec.parent || spec.loose || seen.has(spec.key)) continue;
      chrome = false;
    } else if (isChrome(line)) {
      chrome = true;
      continue;
    }
    if (spec && acceptHeading(spec, line)) {
      seen.set(spec.key, line.no);
      const section: Section = { key: spec.key, heading: line, lines: [] };
      sections.set(spec.key, section);
      current = section.lines;
      continue;
    }
    current.push(line);
  }

  function acceptHeading(spec: HeadingSpec, line: Line): boolean {
    const duplicate = (): never =>
      ctx.fail(line.no, `duplicate section '${line.text}' (first at line ${seen.get(spec.key)})`);
    if (spec.parent === undefined) {
      if (seen.has(spec.key)) return spec.loose ? false : duplicate();
      if (spec.loose && orderOf(top) >= spec.order) return false;
      top = spec.key;
      return true;
    }
    if (seen.has(spec.parent)) {
      if (top === null || !(spec.scope ?? []).includes(top)) return false;
      if (seen.has(spec.key)) duplicate();
      return true;
    }
    // The parent heading is missing: the sub-heading opens it when it comes in page order.
    if (spec.order <= orderOf(top)) return false;
    seen.set(spec.parent, line.no);
    top = spec.parent;
    return true;
  }

  const firstAfterTitle = intro[0]?.no ?? [...sections.values()][0]?.heading.no ?? titleLine;
  const head = parseIntro(intro, firstAfterTitle, ctx);
  const get = (key: Key): Section | undefined => sections.get(key);
  const texts = (key: Key): string[] => get(key)?.lines.map((l) => l.text) ?? [];
  const joined = (key: Key): string | null => {
    const all = texts(key);
    return all.length > 0 ? all.join('\n\n') : null;
  };
  const containers = {
    skillsAndQualifications: "'Education Level', 'Tech Skills', 'Soft Abilities'",
    jobMarket: "'Role Challenges', 'Growth Paths', 'Industry Trends'",
    prosCons: "'Pros', 'Cons'",
  } as const;
  for (const [key, subs] of Object.entries(containers) as [Key, string][]) {
    const section = get(key);
    const stray = section?.lines[0];
    if (section && stray) ctx.fail(stray.no, `unexpected text under '${section.heading.text}': expected its sub-sections ${subs}`);
  }

  const demand = get('marketDemand');
  const salary = get('salary');
  const balance = get('workLifeBalance');
  const outlook = get('outlook');

  const content: GuideContent = {
    title,
    summary: head.summary,
    growthRatePercent: head.growthRatePercent,
    workArrangement: head.workArrangement,
    marketDemand: demand ? parseMarketDemand(demand, ctx) : null,
    salary: salary ? parseSalary(salary, ctx) : null,
    coreFunctions: texts('coreFunctions'),
    responsibilities: texts('responsibilities'),
    workSetting: joined('workSetting'),
    techStack: texts('techStack'),
    education: { level: joined('educationLevel'), required: texts('requiredEducation'), path: texts('educationPath') },
    skills: { technical: texts('technicalSkills'), soft: texts('softSkills') },
    careerTiers: parseTiers(get('careerTiers'), ctx),
    globalOutlook: texts('globalOutlook'),
    jobMarket: { challenges: texts('challenges'), growthPaths: texts('growthPaths'), trends: texts('trends') },
    dayInTheLife: parseDays(get('dayInTheLife'), ctx),
    workLifeBalance: balance ? parseBalance(balance) : null,
    skillMap: parseSkillMap(get('skillMap'), ctx),
    pros: texts('pros'),
    cons: texts('cons'),
    commonMistakes: texts('commonMistakes'),
    advice: texts('advice'),
    caseStudies: parseCaseStudies(get('caseStudies'), ctx),
    portfolioTips: texts('portfolioTips'),
    outlook: outlook ? parseOutlook(outlook, ctx) : null,
    relatedRoles: texts('relatedRoles'),
    faq: parseFaq(get('faq'), ctx),
  };
  if (head.median !== null && content.salary !== null && content.salary.median !== head.median.value) {
    ctx.fail(
      head.median.line,
      `median salary ${head.median.value} differs from the salary section's median ${content.salary.median}`,
    );
  }
  return { content, titleLine };
}

// ---------------------------------------------------------------------------------------------
// Section parsers

const GROWTH_LABEL = /^growth rate$/i;
const MEDIAN_LABEL = /^median salary$/i;
const ARRANGEMENT =
  /^(?:fully[- ])?(?:remote|hybrid|on[- ]?site|in[- ]person|office[- ]based|flexible|field[- ]based)(?:[- ](?:friendly|first|only|optional|possible))?$/i;

interface Intro {
  summary: string;
  growthRatePercent: number | null;
  workArrangement: string | null;
  median: { value: number; line: number } | null;
}

/** Summary paragraphs, then the stats: "7%" / "growth rate", "$47,500" / "median salary", "remote-friendly". */
function parseIntro(lines: readonly Line[], expectedLine: number, ctx: ParseContext): Intro {
  const isStat = new Array<boolean>(lines.length).fill(false);
  let firstStat = lines.length;
  let growth: number | null = null;
  let median: Intro['median'] = null;
  for (let i = 0; i < lines.length; i++) {
    const label = lines[i] as Line;
    const isGrowth = GROWTH_LABEL.test(label.text);
    if (!isGrowth && !MEDIAN_LABEL.test(label.text)) continue;
    const value = lines[i - 1];
    if (value === undefined || isStat[i - 1] || value.text.length > 40 || isSentence(value.text)) {
      ctx.fail(label.no, `'${label.text}' has no figure before it`);
    }
    if (isGrowth) {
      if (growth !== null) ctx.fail(label.no, "a second 'growth rate'");
      growth = parsePercent(value.text);
      if (growth === null) ctx.fail(value.no, `growth rate '${value.text}' is not a percentage like '7%'`);
    } else {
      if (median !== null) ctx.fail(label.no, "a second 'median salary'");
      const amount = parseAmount(value.text);
      if (amount === null) ctx.fail(value.no, `median salary '${value.text}' is not a number`);
      median = { value: amount, line: value.no };
    }
    isStat[i - 1] = isStat[i] = true;
    firstStat = Math.min(firstStat, i - 1);
  }
  let arrangement: string | null = null;
  const last = lines[lines.length - 1];
  if (firstStat === lines.length && lines.length > 1 && last && !last.bullet && ARRANGEMENT.test(last.text)) {
    firstStat = lines.length - 1; // no stats, but a work-arrangement line closes the intro
  }
  for (let i = firstStat; i < lines.length; i++) {
    const line = lines[i] as Line;
    if (isStat[i]) continue;
    if (arrangement === null && !line.bullet && line.text.length <= 40 && !isSentence(line.text)) {
      arrangement = line.text;
      continue;
    }
    ctx.fail(line.no, `unexpected text after the summary's stats: '${clip(line.text)}'`);
  }
  const summary = lines.slice(0, firstStat).map((l) => l.text);
  if (summary.length === 0) ctx.fail(lines[0]?.no ?? expectedLine, 'summary missing: expected paragraphs after the title');
  return { summary: summary.join('\n\n'), growthRatePercent: growth, workArrangement: arrangement, median };
}

/** Gauge labels ("Low", "High"), then the level (the last short line), then the paragraph(s). */
function parseMarketDemand(section: Section, ctx: ParseContext): { level: string; text: string } {
  const lines = section.lines;
  let firstProse = lines.findIndex((l) => l.bullet || l.text.length > 40 || isSentence(l.text));
  if (firstProse === -1) firstProse = lines.length;
  const level = lines[firstProse - 1];
  if (level === undefined) ctx.fail(section.heading.no, "market demand level missing (e.g. 'High')");
  return { level: level.text, text: lines.slice(firstProse).map((l) => l.text).join('\n\n') };
}

function parseSalary(section: Section, ctx: ParseContext): Salary {
  const { heading, lines } = section;
  const parenthesis = /\(([^()]*)\)\s*$/.exec(heading.text);
  const parts = parenthesis ? (parenthesis[1] as string).split(',').map((p) => p.trim()) : [];
  const currency = parts.find((p) => /^[A-Z]{3}$/.test(p));
  const region = parts.find((p) => p !== currency && p !== '');
  if (parts.length !== 2 || currency === undefined || region === undefined) {
    ctx.fail(heading.no, "salary heading must name the region and currency, like 'Annual Salary (US, USD)'");
  }
  const rangeLine = lines[0];
  if (rangeLine === undefined) ctx.fail(heading.no, "salary range missing (e.g. '35,000—60,000')");
  const range = rangeLine.text.length <= 80 ? splitRange(rangeLine.text) : null;
  if (range === null) ctx.fail(rangeLine.no, `salary range '${clip(rangeLine.text)}' is not like '35,000—60,000'`);
  const min = figure(range[0], rangeLine, ctx);
  const max = figure(range[1], rangeLine, ctx);
  if (min > max) ctx.fail(rangeLine.no, `salary minimum ${min} is greater than the maximum ${max}`);

  let median: number | null = null;
  const byLevel: Salary['byLevel'] = [];
  let i = 1;
  for (; i < lines.length; i++) {
    const line = lines[i] as Line;
    const medianMatch = /^median\s?:\s*(.*)$/is.exec(line.text.length <= 80 ? line.text : '');
    if (medianMatch) {
      if (median !== null) ctx.fail(line.no, "a second 'Median:' line");
      median = figure(medianMatch[1] as string, line, ctx);
      continue;
    }
    if (looksLikeFigure(line.text)) ctx.fail(line.no, `salary figure '${clip(line.text)}' has no level name before it`);
    if (line.bullet || line.text.length > 60 || isSentence(line.text)) break; // the notes
    const amountLine = lines[i + 1];
    if (amountLine === undefined || !looksLikeFigure(amountLine.text)) {
      ctx.fail(line.no, `salary level '${line.text}' has no amount after it`);
    }
    byLevel.push({ level: line.text, amount: figure(amountLine.text, amountLine, ctx) });
    i++;
  }
  if (median === null) ctx.fail(heading.no, "salary median missing (a 'Median: $47,500' line)");
  const notes = lines.slice(i).map((l) => l.text);
  return {
    currency,
    region,
    min,
    max,
    median,
    byLevel,
    topEarnersNote: notes.length > 0 ? notes.join('\n\n') : null,
  };
}

function looksLikeFigure(text: string): boolean {
  return /^(?:[A-Z]{2,3}\s?)?[$€£¥]|^\d/.test(text) && text.length <= 40;
}

function figure(text: string, line: Line, ctx: ParseContext): number {
  const amount = parseAmount(text);
  if (amount === null) ctx.fail(line.no, `salary figure '${clip(text)}' is not a number`);
  return amount;
}

/** Repeated: title / "Experience: 0-2 years" / description paragraph(s). */
function parseTiers(section: Section | undefined, ctx: ParseContext): CareerTier[] {
  if (!section) return [];
  const lines = section.lines;
  const tiers: CareerTier[] = [];
  const experienceAt = lines.flatMap((l, i) => (!l.bullet && l.text.length <= SHORT && EXPERIENCE.test(l.text) ? [i] : []));
  if (experienceAt.length === 0) {
    const first = lines[0];
    if (first) ctx.fail(first.no, "career tier without an 'Experience: …' line");
    return [];
  }
  let previousEnd = -1;
  for (let t = 0; t < experienceAt.length; t++) {
    const e = experienceAt[t] as number;
    const experienceLine = lines[e] as Line;
    const titleLine = lines[e - 1];
    if (titleLine === undefined || e - 1 <= previousEnd || isSentence(titleLine.text)) {
      ctx.fail(experienceLine.no, "career tier title missing before 'Experience:'");
    }
    if (t === 0 && e - 1 > 0) ctx.fail((lines[0] as Line).no, `unexpected text in ${section.heading.text}: '${clip((lines[0] as Line).text)}'`);
    const next = experienceAt[t + 1];
    const end = next === undefined ? lines.length : next - 1;
    const descriptionLines = lines.slice(e + 1, end);
    const stray = descriptionLines.find((l) => !l.bullet && !isSentence(l.text));
    if (stray) ctx.fail(stray.no, `'${clip(stray.text)}' looks like a tier title without an 'Experience: …' line`);
    const description = descriptionLines.map((l) => l.text).join('\n\n');
    const experience = (EXPERIENCE.exec(experienceLine.text)?.[1] ?? '').trim();
    tiers.push(parseTier(titleLine.text, experience, description, experienceLine.no, ctx));
    previousEnd = e;
  }
  return tiers;
}

/** Blocks of "Morning (9:00 AM - 12:00 PM)" / "Focus: …" / task bullets. */
function parseDays(section: Section | undefined, ctx: ParseContext): DayBlock[] {
  if (!section) return [];
  const blocks: DayBlock[] = [];
  let block: DayBlock | null = null;
  for (const line of section.lines) {
    const focus = line.bullet || line.text.length > SHORT ? null : FOCUS.exec(line.text);
    if (focus) {
      if (block === null) ctx.fail(line.no, "'Focus:' before any period line like 'Morning (9:00 AM - 12:00 PM)'");
      if (block.focus !== '' || block.tasks.length > 0) ctx.fail(line.no, "a second 'Focus:' in the same period");
      block.focus = (focus[1] as string).trim();
      continue;
    }
    const periodLike = !line.bullet && (/\([^()]*\d[^()]*\)$/.test(line.text) || !isSentence(line.text)) && line.text.length <= 100;
    if (periodLike) {
      const { period, start, end } = parsePeriod(line.text, line.no, ctx);
      block = { period, start, end, focus: '', tasks: [] };
      blocks.push(block);
      continue;
    }
    if (block === null) ctx.fail(line.no, `expected a period line like 'Morning (9:00 AM - 12:00 PM)', found '${clip(line.text)}'`);
    block.tasks.push(line.text);
  }
  return blocks;
}

function parseBalance(section: Section): NonNullable<Guide['workLifeBalance']> {
  let stressLevel: string | null = null;
  let balanceRating: string | null = null;
  const text: string[] = [];
  for (const line of section.lines) {
    const short = line.text.length <= SHORT ? line.text : '';
    const stress = /^stress level\s?:\s*(.+)$/is.exec(short);
    const rating = /^(?:work-life )?balance rating\s?:\s*(.+)$/is.exec(short);
    if (stress && stressLevel === null) stressLevel = (stress[1] as string).trim();
    else if (rating && balanceRating === null) balanceRating = (rating[1] as string).trim();
    else text.push(line.text);
  }
  return { stressLevel, balanceRating, text };
}

/** Groups: name line, optional one-line description, skill bullets; the generic intro is dropped. */
function parseSkillMap(section: Section | undefined, ctx: ParseContext): SkillGroup[] {
  if (!section) return [];
  const groups: SkillGroup[] = [];
  let pending: Line[] = [];
  const open = (): SkillGroup | null => {
    let lines = pending;
    pending = [];
    if (groups.length === 0) {
      // The page's generic intro ("This map outlines the core competencies …") is chrome.
      while (lines.length > 1 && isSentence((lines[0] as Line).text) && /\bmap\b/i.test((lines[0] as Line).text)) lines = lines.slice(1);
    }
    const [name, description, extra] = lines;
    if (name === undefined) return null;
    if (extra !== undefined) ctx.fail(extra.no, `unexpected text in skill group '${name.text}': '${clip(extra.text)}'`);
    if (isSentence(name.text) && description !== undefined) ctx.fail(name.no, `expected a skill group name, found '${clip(name.text)}'`);
    const group: SkillGroup = { name: name.text, description: description?.text ?? null, skills: [] };
    groups.push(group);
    return group;
  };
  let group: SkillGroup | null = null;
  for (const line of section.lines) {
    if (!line.bullet) {
      pending.push(line);
      continue;
    }
    if (pending.length > 0) group = open();
    if (group === null) ctx.fail(line.no, 'skill before any skill group name');
    group.skills.push(line.text);
  }
  if (pending.length > 0) open();
  return groups;
}

/** Title line, paragraph(s), optional "Key Takeaway: …". */
function parseCaseStudies(section: Section | undefined, ctx: ParseContext): CaseStudy[] {
  if (!section) return [];
  const studies: CaseStudy[] = [];
  let study: { title: string; text: string[]; takeaway: string | null } | null = null;
  const flush = (): void => {
    if (study) studies.push({ title: study.title, text: study.text.join('\n\n'), takeaway: study.takeaway });
  };
  for (const line of section.lines) {
    const takeaway = line.text.length <= 2000 ? TAKEAWAY.exec(line.text) : null;
    if (takeaway) {
      if (study === null) ctx.fail(line.no, "'Key Takeaway:' before any case study title");
      if (study.takeaway !== null) ctx.fail(line.no, "a second 'Key Takeaway:' in the same case study");
      study.takeaway = (takeaway[1] as string).trim();
      continue;
    }
    const titleLike = !line.bullet && !isSentence(line.text);
    if (study === null || study.takeaway !== null || (titleLike && study.text.length > 0)) {
      if (!titleLike) ctx.fail(line.no, `expected a case study title, found '${clip(line.text)}'`);
      flush();
      study = { title: line.text, text: [], takeaway: null };
      continue;
    }
    study.text.push(line.text);
  }
  flush();
  return studies;
}

function parseOutlook(section: Section, ctx: ParseContext): NonNullable<Guide['outlook']> {
  const outlook: NonNullable<Guide['outlook']> = { growthRatePercent: null, status: null, source: null };
  for (const line of section.lines) {
    const match = line.text.length <= SHORT ? /^(growth rate|status|source)\s?:\s*(.*)$/is.exec(line.text) : null;
    if (!match) ctx.fail(line.no, `unexpected text in ${section.heading.text}: '${clip(line.text)}'`);
    const label = (match[1] as string).toLowerCase();
    const value = (match[2] as string).trim();
    if (label === 'growth rate') {
      const growth = parsePercent(value);
      if (growth === null) ctx.fail(line.no, `growth rate '${value}' is not a percentage like '7%'`);
      outlook.growthRatePercent = growth;
    } else if (label === 'status') {
      outlook.status = value || null;
    } else {
      outlook.source = value || null;
    }
  }
  return outlook;
}

/** Question lines (ending with "?") followed by answer paragraph(s). */
function parseFaq(section: Section | undefined, ctx: ParseContext): Faq[] {
  if (!section) return [];
  const faq: Faq[] = [];
  let entry: { line: Line; answer: string[] } | null = null;
  const flush = (): void => {
    if (entry === null) return;
    if (entry.answer.length === 0) ctx.fail(entry.line.no, `question '${clip(entry.line.text)}' has no answer`);
    faq.push({ question: entry.line.text, answer: entry.answer.join('\n\n') });
  };
  for (const line of section.lines) {
    const question = !line.bullet && endsWith(line.text, '?');
    if (entry === null || (question && entry.answer.length > 0)) {
      if (!question) ctx.fail(line.no, `expected a question (a line ending with '?'), found '${clip(line.text)}'`);
      flush();
      entry = { line, answer: [] };
      continue;
    }
    if (question && entry.answer.length === 0) ctx.fail(entry.line.no, `question '${clip(entry.line.text)}' has no answer`);
    entry.answer.push(line.text);
  }
  flush();
  return faq;
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
