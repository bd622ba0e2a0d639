/**
 * Job ↔ career guide linking: which guide (if any) is about the role a job is for.
 *
 * A guide is described by role names: its title and related titles (its career tiers, e.g.
 * "Entry-Level Medical Office Assistant", "Medical Office Administrator", "Senior Medical Office
 * Manager"). Titles are reduced to role tokens: lower-case, accents, parentheticals ("(Remote)") and
 * punctuation removed, seniority and noise words ("Senior", "Remote", "Full-Time") dropped, and a few
 * word families folded ("Administrative", "Administration" → "admin"). Tokens are either *generic*
 * role words shared by many professions (manager, assistant, office, engineer…) or *distinctive* (medical,
 * data, backend…).
 *
 * A job links to a guide when all of these hold:
 * 1. some role name of the guide has all its distinctive tokens in the job title (a name made only of
 *    generic words, like "Operations Manager", must be contained whole);
 * 2. the job title's head noun (the last role token before any " - ", ",", " at " …) is one of the
 *    guide's role tokens: "Medical Device Sales Representative" is a representative, not an
 *    administrator;
 * 3. the title shares at least as many role tokens with the guide as the guide's shortest role name
 *    has: "Medical Assistant" (2 of 3) is a different career from "Medical Office Assistant";
 * 4. industry guard: a guide in a domain (healthcare from "medical" or its industries) needs a job with
 *    no known industry domain or a matching one: "Medical Office Administrator" at a software company
 *    does not link.
 * The best candidate wins (more distinctive tokens, then more shared tokens, then a matching industry,
 * then slug order). Guides are indexed once by token, so linking a job costs O(title tokens).
 */
import type { Guide } from '../guides/guide';
import { FEED_LIMITS } from '../shared/limits';
import { collapseWhitespace, cutText } from './text';

export interface GuideLinkTarget {
  slug: string;
  title: string;
  /** Other names of the same role, e.g. the guide's career tier titles. */
  relatedTitles?: string[];
  /** Industries the role belongs to, e.g. ["Healthcare"]; optional (the title's domain words count too). */
  industries?: string[];
}

export type GuideLinker = (job: { title: string; industries: string[] }) => string | null;

/** Seniority, contract, place and filler words: never part of a role. */
const NOISE = new Set([
  'senior', 'sr', 'junior', 'jr', 'lead', 'principal', 'staff', 'entry', 'level', 'mid', 'midweight', 'intermediate',
  'experienced', 'graduate', 'trainee', 'apprentice', 'intern', 'internship', 'i', 'ii', 'iii', 'iv', 'v', '1', '2', '3',
  'remote', 'remotely', 'hybrid', 'onsite', 'on', 'site', 'wfh', 'home', 'based', 'full', 'part', 'time', 'fulltime',
  'parttime', 'contract', 'temporary', 'temp', 'freelance', 'permanent', 'urgent', 'urgently', 'hiring', 'new',
  'immediate', 'start', 'm', 'f', 'd', 'w', 'x', 'all', 'genders', 'anywhere', 'worldwide', 'global', 'us', 'usa',
  'uk', 'eu', 'emea', 'europe', 'canada', 'latam', 'apac', 'a', 'an', 'the', 'of', 'and', 'or', 'for', 'to', 'in',
  'at', 'with', 'our', 'your', 'we', 'are', 'is', 'job', 'position', 'role', 'opening', 'vacancy',
]);

/** Role words shared by many professions: they alone never make a link. */
const GENERIC = new Set([
  'manager', 'admin', 'assistant', 'office', 'officer', 'specialist', 'coordinator', 'associate', 'representative',
  'executive', 'clerk', 'consultant', 'analyst', 'engineer', 'developer', 'director', 'supervisor', 'technician',
  'worker', 'agent', 'operator', 'secretary', 'advisor', 'team', 'support', 'service', 'operation', 'general',
  'head', 'chief', 'vice', 'president', 'vp', 'partner', 'member', 'expert', 'professional', 'generalist', 'owner',
  'leader', 'architect', 'designer', 'writer', 'planner', 'scientist', 'inspector', 'instructor', 'trainer',
]);

/** Word families folded to one token. */
const FOLD: Record<string, string> = {
  administrator: 'admin', administrators: 'admin', administrative: 'admin', administration: 'admin', admins: 'admin',
  manager: 'manager', managers: 'manager', management: 'manager', managing: 'manager', mgr: 'manager',
  assistants: 'assistant', assistance: 'assistant', asst: 'assistant',
  analysts: 'analyst', analytics: 'analyst', analytical: 'analyst', analysis: 'analyst',
  engineering: 'engineer', engineers: 'engineer', eng: 'engineer',
  developers: 'developer', dev: 'developer',
  coordination: 'coordinator', coordinators: 'coordinator', coord: 'coordinator',
  representatives: 'representative', rep: 'representative', reps: 'representative',
  nursing: 'nurse', nurses: 'nurse', rn: 'nurse',
  adviser: 'advisor', advisers: 'advisor',
  medic: 'medical', healthcare: 'health',
};

/** Words whose final "s" is not a plural. */
const KEEP_S = new Set(['sales', 'logistics', 'economics', 'physics', 'mathematics', 'ethics', 'services', 'operations', 'devops', 'analytics', 'news', 'aws', 'ios', 'js', 'relations', 'affairs', 'status', 'business']);
const PLURAL_TO: Record<string, string> = { services: 'service', operations: 'operation' };

/** Industry domains, from words in guide titles and in guide or job industries. */
const DOMAINS: Record<string, string> = {
  medical: 'health', health: 'health', hospital: 'health', clinic: 'health', clinical: 'health', dental: 'health',
  dentist: 'health', nurse: 'health', patient: 'health', pharmacy: 'health', pharmaceutical: 'health', physician: 'health',
  veterinary: 'health', therapy: 'health', wellness: 'health', biotech: 'health', hospice: 'health',
  software: 'tech', technology: 'tech', tech: 'tech', it: 'tech', saas: 'tech', internet: 'tech', computer: 'tech',
  devops: 'tech', cybersecurity: 'tech', cloud: 'tech', backend: 'tech', frontend: 'tech', programming: 'tech',
  legal: 'legal', law: 'legal', attorney: 'legal', paralegal: 'legal', lawyer: 'legal',
  finance: 'finance', financial: 'finance', banking: 'finance', bank: 'finance', accounting: 'finance', fintech: 'finance',
  insurance: 'finance', investment: 'finance',
  education: 'education', school: 'education', teaching: 'education', teacher: 'education', university: 'education',
  edtech: 'education', tutoring: 'education', academic: 'education',
  logistics: 'logistics', shipping: 'logistics', freight: 'logistics', warehouse: 'logistics', transportation: 'logistics',
  marketing: 'marketing', advertising: 'marketing',
};

function fold(word: string): string {
  const folded = FOLD[word];
  if (folded !== undefined) return folded;
  const plural = PLURAL_TO[word];
  if (plural !== undefined) return plural;
  if (word.length > 4 && word.endsWith('s') && !KEEP_S.has(word) && !/(?:ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

export interface RoleTokens {
  /** Role tokens of the whole title, deduplicated. */
  tokens: string[];
  /** The head noun: last role token of the title's first segment with any role token. */
  head: string | null;
}

/** Splits a title (spaces collapsed) into segments: "Nurse - Remote", "Nurse, ICU", "Nurse at Acme". */
const SEGMENT = / [-–—|:] | ?[|@,;/] ?| (?:at|for|with) |[:–—]/;

function words(text: string): string[] {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[^a-z0-9+#]+/)
    .filter((w) => w !== '');
}

const CLOSERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

/**
 * `text` with each aside — "(…)", "[…]", "{…}", closed by its own kind — replaced by a space. What
 * /\([^)]*\)|\[[^\]]*\]|\{[^}]*\}/g does, in one pass: that regex rescans the rest of the text from
 * every "(" that is never closed (quadratic).
 */
function withoutAsides(text: string): string {
  // Per closer, the index of its next occurrence at or after the scan (-1: none left).
  const next = new Map<string, number>();
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const closer = CLOSERS[text.charAt(i)];
    if (closer === undefined) continue;
    let at = next.get(closer);
    if (at === undefined || (at !== -1 && at <= i)) {
      at = text.indexOf(closer, i + 1);
      next.set(closer, at);
    }
    if (at === -1) continue;
    out += `${text.slice(from, i)} `;
    from = at + 1;
    i = at;
  }
  return out + text.slice(from);
}

/** Role tokens of a job or guide title (cut to FEED_LIMITS.fieldInputChars first). */
export function roleTokens(title: string): RoleTokens {
  const asidesGone = collapseWhitespace(withoutAsides(cutText(title, FEED_LIMITS.fieldInputChars)));
  const seen = new Set<string>();
  const tokens: string[] = [];
  let head: string | null = null;
  for (const segment of asidesGone.split(SEGMENT)) {
    let last: string | null = null;
    for (const word of words(segment)) {
      if (NOISE.has(word)) continue;
      const token = fold(word);
      if (NOISE.has(token)) continue;
      last = token;
      if (!seen.has(token)) {
        seen.add(token);
        tokens.push(token);
      }
    }
    if (head === null && last !== null) head = last;
  }
  return { tokens, head };
}

function domainsOf(texts: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const text of texts) {
    for (const word of words(text)) {
      const domain = DOMAINS[word] ?? DOMAINS[fold(word)];
      if (domain !== undefined) out.add(domain);
    }
  }
  return out;
}

interface Phrase {
  tokens: string[];
  distinctive: string[];
}

interface IndexedGuide {
  slug: string;
  phrases: Phrase[];
  vocabulary: Set<string>;
  /** Shared tokens needed: the size of the shortest role name. */
  required: number;
  domains: Set<string>;
}

/** The role names of a Guide: its title and the titles of its career tiers. */
export function guideLinkTarget(guide: Pick<Guide, 'slug' | 'title' | 'careerTiers'>): GuideLinkTarget {
  return { slug: guide.slug, title: guide.title, relatedTitles: guide.careerTiers.map((tier) => tier.title) };
}

/** Build the index once; the returned function links one job in O(title tokens). */
export function createGuideLinker(guides: readonly GuideLinkTarget[]): GuideLinker {
  const index = new Map<string, IndexedGuide[]>();
  const sorted = [...guides].sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
  for (const guide of sorted) {
    const phrases: Phrase[] = [];
    for (const name of [guide.title, ...(guide.relatedTitles ?? [])]) {
      const { tokens } = roleTokens(name);
      const distinctive = tokens.filter((t) => !GENERIC.has(t));
      // A one-word generic name ("Engineer", after "Staff" is dropped) would match far too much.
      if (tokens.length === 0 || (distinctive.length === 0 && tokens.length < 2)) continue;
      phrases.push({ tokens, distinctive });
    }
    if (phrases.length === 0) continue;
    const indexed: IndexedGuide = {
      slug: guide.slug,
      phrases,
      vocabulary: new Set(phrases.flatMap((p) => p.tokens)),
      required: Math.min(...phrases.map((p) => p.tokens.length)),
      domains: domainsOf([guide.title, ...(guide.industries ?? [])]),
    };
    // Index each phrase under its distinctive tokens (all its tokens when it has none).
    const keys = new Set(phrases.flatMap((p) => (p.distinctive.length > 0 ? p.distinctive : p.tokens)));
    for (const key of keys) {
      const list = index.get(key);
      if (list) list.push(indexed);
      else index.set(key, [indexed]);
    }
  }

  return (job) => {
    const { tokens, head } = roleTokens(job.title);
    if (head === null) return null;
    const jobTokens = new Set(tokens);
    let jobDomains: Set<string> | null = null;
    let best: { slug: string; distinctive: number; shared: number; domainMatch: boolean } | null = null;
    const tried = new Set<IndexedGuide>();
    for (const token of tokens) {
      const candidates = index.get(token);
      if (candidates === undefined) continue;
      for (const guide of candidates) {
        if (tried.has(guide)) continue;
        tried.add(guide);
        if (!guide.vocabulary.has(head)) continue;
        let shared = 0;
        for (const t of jobTokens) if (guide.vocabulary.has(t)) shared++;
        if (shared < guide.required) continue;
        let distinctive = -1;
        for (const phrase of guide.phrases) {
          const ok = phrase.distinctive.length > 0
            ? phrase.distinctive.every((t) => jobTokens.has(t))
            : phrase.tokens.every((t) => jobTokens.has(t));
          if (ok) distinctive = Math.max(distinctive, phrase.distinctive.length);
        }
        if (distinctive < 0) continue;
        let domainMatch = false;
        if (guide.domains.size > 0) {
          jobDomains ??= domainsOf(job.industries);
          if (jobDomains.size > 0) {
            for (const d of guide.domains) if (jobDomains.has(d)) domainMatch = true;
            if (!domainMatch) continue;
          }
        }
        const better =
          best === null ||
          distinctive > best.distinctive ||
          (distinctive === best.distinctive &&
            (shared > best.shared ||
              (shared === best.shared &&
                (domainMatch !== best.domainMatch ? domainMatch : guide.slug < best.slug))));
        if (better) best = { slug: guide.slug, distinctive, shared, domainMatch };
      }
    }
    return best?.slug ?? null;
  };
}
