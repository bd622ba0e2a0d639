/**
 * Preferences: what a subscriber wants in their digests. The request schemas check shapes (types,
 * list sizes, lengths); cleanPreferences checks meaning (known job types and guide slugs) and tidies
 * (trim, collapse whitespace, de-duplicate case-insensitively), so stored preferences are canonical.
 *
 * Besides the lists: a yearly salary floor and its currency, remote-only, and a time zone (IANA,
 * checked against the runtime's list; null means the default zone, digestTimezone).
 */
import type { FieldError } from '../http/problems';
import { Nullable, Type, type TSchema } from '../http/schema';
import { JOB_LEVELS, levelOfWord, typeOfText } from '../jobs/vocabulary';
import { SUBSCRIPTION_LIMITS as L } from '../shared/limits';
import type { Preferences } from './subscriber';

/** Job types a subscriber can pick: the values the job normaliser produces (lambdas/jobs/taxonomy). */
export const JOB_TYPES = [
  'full-time',
  'part-time',
  'contract',
  'contract-to-hire',
  'freelance',
  'internship',
  'temporary',
  'seasonal',
  'volunteer',
  'per-diem',
  'apprenticeship',
] as const;

/** The list preferences. */
export const PREFERENCE_FIELDS = ['keywords', 'industries', 'geos', 'jobTypes', 'guides', 'levels'] as const;
export type PreferenceField = (typeof PREFERENCE_FIELDS)[number];

/** Preferences as a request gives them (every field optional; shapes already checked by the schemas). */
export type PreferencesInput = Partial<Record<PreferenceField, readonly string[]>> & {
  salaryMin?: number | null;
  salaryCurrency?: string;
  remoteOnly?: boolean;
  timeZone?: string | null;
};

export const DEFAULT_CURRENCY = 'USD';

export const MAX_ITEMS: Record<PreferenceField, number> = {
  keywords: L.keywordsMax,
  industries: L.industriesMax,
  geos: L.geosMax,
  jobTypes: L.jobTypesMax,
  guides: L.guidesMax,
  levels: L.levelsMax,
};

export const SLUG_PATTERN = '^[a-z0-9]+(-[a-z0-9]+)*$';

const list = <T extends TSchema>(field: PreferenceField, description: string, item: T) =>
  Type.Optional(Type.Array(item, { description, maxItems: MAX_ITEMS[field] }));
const text = Type.String({ minLength: 1, maxLength: L.itemChars });

/** The preference properties of the sign-up and the manage bodies, each optional there. */
export const PREFERENCE_PROPERTIES = {
  keywords: list('keywords', 'Words a job title, company or tag should contain, e.g. "medical billing".', text),
  industries: list('industries', 'Industries, e.g. Healthcare.', text),
  geos: list('geos', 'Regions, e.g. USA, Europe, Anywhere.', text),
  jobTypes: list('jobTypes', `Job types: ${JOB_TYPES.join(', ')}.`, Type.Enum(JOB_TYPES, { type: 'string', maxLength: 40 })),
  guides: list('guides', 'Career guide slugs: jobs linked to these guides.', Type.String({ pattern: SLUG_PATTERN, maxLength: 120 })),
  levels: list('levels', `Job levels: ${JOB_LEVELS.join(', ')}. Jobs with no stated level still come, after those at these levels.`, Type.String({ minLength: 1, maxLength: 40 })),
  salaryMin: Type.Optional(
    Nullable(Type.Integer({ minimum: 0, maximum: L.salaryMinMax }), {
      description: 'Yearly salary floor in salaryCurrency: jobs stating a yearly salary in it that tops out below are left out; jobs stating none (or another currency) still come, after.',
    }),
  ),
  salaryCurrency: Type.Optional(Type.String({ minLength: 3, maxLength: 3, description: `ISO 4217 code of salaryMin (default ${DEFAULT_CURRENCY}).` })),
  remoteOnly: Type.Optional(Type.Boolean({ description: 'Only jobs open to remote work.' })),
  timeZone: Type.Optional(
    Nullable(Type.String({ minLength: 1, maxLength: 64 }), { description: 'IANA time zone digests are timed in (07:00 local), e.g. Europe/Berlin; null: the default zone (digestTimezone).' }),
  ),
} satisfies Record<keyof Preferences, TSchema>;

// The runtime's currencies and zones are asked for on first use: asking ICU loads its data, which a
// cold start that checks no preferences should not pay.
let known:
  | {
      /** ISO 4217 codes the runtime knows; a code outside it could never match a job's currency. */
      currencies: ReadonlySet<string>;
      zoneNames: readonly string[];
      /** The zones by lower case. */
      zones: ReadonlyMap<string, string>;
    }
  | undefined;
function runtimeValues() {
  if (known === undefined) {
    const zoneNames = [...new Set([...Intl.supportedValuesOf('timeZone'), 'UTC'])];
    known = { currencies: new Set(Intl.supportedValuesOf('currency')), zoneNames, zones: new Map(zoneNames.map((z) => [z.toLowerCase(), z])) };
  }
  return known;
}

/** The IANA zones a subscriber can pick: the runtime's canonical names, and UTC (always valid). */
export const timeZoneNames = (): readonly string[] => runtimeValues().zoneNames;

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;

function tidy(values: readonly string[], field: PreferenceField, errors: FieldError[], canonical: (s: string) => string = (s) => s): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  values.forEach((value, i) => {
    if (CONTROL.test(value)) {
      errors.push({ field: `/${field}/${i}`, message: 'must not contain control characters' });
      return;
    }
    const clean = canonical(value.replace(/\s+/g, ' ').trim());
    if (clean === '') return;
    if ([...clean].length > L.itemChars) {
      errors.push({ field: `/${field}/${i}`, message: `must be at most ${L.itemChars} characters` });
      return;
    }
    const key = clean.toLowerCase();
    if (seen.has(key)) return;
    seen.add(key);
    out.push(clean);
  });
  if (out.length > MAX_ITEMS[field]) errors.push({ field: `/${field}`, message: `must have at most ${MAX_ITEMS[field]} items` });
  return out;
}

/**
 * Canonical preferences from already shape-checked input. `knownGuides` is the set of published
 * guide slugs (GuideReader.listSummaries); an unknown slug is an error, not silently dropped.
 */
export function cleanPreferences(input: PreferencesInput, knownGuides: ReadonlySet<string>): { value: Preferences; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const jobTypes = tidy(input.jobTypes ?? [], 'jobTypes', errors, typeOfText);
  jobTypes.forEach((t, i) => {
    if (!(JOB_TYPES as readonly string[]).includes(t)) errors.push({ field: `/jobTypes/${i}`, message: `must be one of ${JOB_TYPES.join(', ')}` });
  });
  const guides = tidy(input.guides ?? [], 'guides', errors, (s) => s.toLowerCase());
  guides.forEach((slug, i) => {
    if (!knownGuides.has(slug)) errors.push({ field: `/guides/${i}`, message: `is not a published guide ("${slug}")` });
  });
  // Aliases as jobs use them ("Junior" is Entry); the result is a level jobs carry, or an error.
  const levels = tidy(input.levels ?? [], 'levels', errors, (s) => levelOfWord(s.toLowerCase()) ?? s);
  levels.forEach((level, i) => {
    if (!(JOB_LEVELS as readonly string[]).includes(level)) errors.push({ field: `/levels/${i}`, message: `must be one of ${JOB_LEVELS.join(', ')}` });
  });
  const salaryCurrency = (input.salaryCurrency ?? DEFAULT_CURRENCY).trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(salaryCurrency) || !runtimeValues().currencies.has(salaryCurrency)) {
    errors.push({ field: '/salaryCurrency', message: 'must be an ISO 4217 currency code, e.g. USD, EUR, GBP' });
  }
  const salaryMin = input.salaryMin ?? null;
  if (salaryMin !== null && (!Number.isInteger(salaryMin) || salaryMin < 0 || salaryMin > L.salaryMinMax)) {
    errors.push({ field: '/salaryMin', message: `must be a whole yearly amount from 0 to ${L.salaryMinMax}` });
  }
  const zoneText = (input.timeZone ?? '').trim();
  const timeZone = zoneText === '' ? null : (runtimeValues().zones.get(zoneText.toLowerCase()) ?? null);
  if (zoneText !== '' && timeZone === null) {
    errors.push({ field: '/timeZone', message: `is not a known IANA time zone ("${zoneText.slice(0, 64)}"), e.g. America/New_York, Europe/Berlin` });
  }
  const value: Preferences = {
    keywords: tidy(input.keywords ?? [], 'keywords', errors),
    industries: tidy(input.industries ?? [], 'industries', errors),
    geos: tidy(input.geos ?? [], 'geos', errors),
    jobTypes,
    guides,
    levels,
    salaryMin,
    salaryCurrency,
    remoteOnly: input.remoteOnly === true,
    timeZone,
  };
  return { value, errors };
}

/**
 * Form fields → the JSON body shape: free-text lists are one text field each, split on commas and
 * new lines; job types, guides and levels are checkbox groups (repeated fields); remoteOnly a checkbox;
 * an empty salary or time zone is none. A salary that is not a whole number is passed on as typed, so
 * the body schema names the field.
 */
export function preferencesFromForm(fields: Record<string, string | string[] | undefined>): FormPreferences {
  const split = (v: string | string[] | undefined): string[] =>
    (Array.isArray(v) ? v : v === undefined ? [] : [v]).flatMap((s) => s.split(/[,\n\r]+/)).map((s) => s.trim()).filter((s) => s !== '');
  const many = (v: string | string[] | undefined): string[] => (Array.isArray(v) ? v : v === undefined || v === '' ? [] : [v]);
  return {
    keywords: split(fields.keywords),
    industries: split(fields.industries),
    geos: split(fields.geos),
    jobTypes: many(fields.jobTypes),
    guides: many(fields.guides),
    levels: many(fields.levels),
    ...salaryFromForm(fields.salaryMin),
    ...(one(fields.salaryCurrency) !== '' ? { salaryCurrency: one(fields.salaryCurrency) } : {}),
    remoteOnly: one(fields.remoteOnly) !== '',
    timeZone: one(fields.timeZone) === '' ? null : one(fields.timeZone),
  };
}

const one = (v: string | string[] | undefined): string => (typeof v === 'string' ? v.trim() : Array.isArray(v) ? (v[0] ?? '').trim() : '');

/** The form's preferences as the body schema checks them: salaryMin as typed when it is not a number. */
export type FormPreferences = Record<PreferenceField, string[]> & Omit<PreferencesInput, PreferenceField | 'salaryMin'> & { salaryMin: number | string | null };

function salaryFromForm(v: string | string[] | undefined): { salaryMin: number | string | null } {
  // People type "60,000" or "60 000": separators go, anything else is left for the schema to refuse.
  const text = one(v).replace(/[,\s_]/g, '');
  if (text === '') return { salaryMin: null };
  return { salaryMin: /^\d{1,12}$/.test(text) ? Number(text) : text };
}
