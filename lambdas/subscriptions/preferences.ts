/**
 * Preferences: what a subscriber wants in their digests. The request schemas check shapes (types,
 * list sizes, lengths); cleanPreferences checks meaning (known job types and guide slugs) and tidies
 * (trim, collapse whitespace, de-duplicate case-insensitively), so stored preferences are canonical.
 */
import type { FieldError } from '../http/problems';
import type { Schema } from '../http/schema';
import { normaliseType } from '../jobs/taxonomy';
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

export const PREFERENCE_FIELDS = ['keywords', 'industries', 'geos', 'jobTypes', 'guides'] as const;
export type PreferenceField = (typeof PREFERENCE_FIELDS)[number];

export const MAX_ITEMS: Record<PreferenceField, number> = {
  keywords: L.keywordsMax,
  industries: L.industriesMax,
  geos: L.geosMax,
  jobTypes: L.jobTypesMax,
  guides: L.guidesMax,
};

export const SLUG_PATTERN = '^[a-z0-9]+(-[a-z0-9]+)*$';

const list = (field: PreferenceField, description: string, item: Schema): Schema => ({
  type: 'array',
  description,
  maxItems: MAX_ITEMS[field],
  items: item,
});
const text: Schema = { type: 'string', minLength: 1, maxLength: L.itemChars };

/** The preference properties, shared by the sign-up and the manage bodies. */
export const PREFERENCE_PROPERTIES: Record<PreferenceField, Schema> = {
  keywords: list('keywords', 'Words a job title, company or tag should contain, e.g. "medical billing".', text),
  industries: list('industries', 'Industries, e.g. Healthcare.', text),
  geos: list('geos', 'Regions, e.g. USA, Europe, Anywhere.', text),
  jobTypes: list('jobTypes', `Job types: ${JOB_TYPES.join(', ')}.`, { type: 'string', enum: JOB_TYPES, maxLength: 40 }),
  guides: list('guides', 'Career guide slugs: jobs linked to these guides.', {
    type: 'string',
    pattern: SLUG_PATTERN,
    maxLength: 120,
  }),
};

export const emptyPreferences = (): Preferences => ({ keywords: [], industries: [], geos: [], jobTypes: [], guides: [] });

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
export function cleanPreferences(
  input: Partial<Record<PreferenceField, readonly string[]>>,
  knownGuides: ReadonlySet<string>,
): { value: Preferences; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const jobTypes = tidy(input.jobTypes ?? [], 'jobTypes', errors, normaliseType);
  jobTypes.forEach((t, i) => {
    if (!(JOB_TYPES as readonly string[]).includes(t)) errors.push({ field: `/jobTypes/${i}`, message: `must be one of ${JOB_TYPES.join(', ')}` });
  });
  const guides = tidy(input.guides ?? [], 'guides', errors, (s) => s.toLowerCase());
  guides.forEach((slug, i) => {
    if (!knownGuides.has(slug)) errors.push({ field: `/guides/${i}`, message: `is not a published guide ("${slug}")` });
  });
  const value: Preferences = {
    keywords: tidy(input.keywords ?? [], 'keywords', errors),
    industries: tidy(input.industries ?? [], 'industries', errors),
    geos: tidy(input.geos ?? [], 'geos', errors),
    jobTypes,
    guides,
  };
  return { value, errors };
}

/** Whether any preference is set (a subscriber with none gets every new job of their tier's period). */
export const hasPreferences = (p: Preferences): boolean => PREFERENCE_FIELDS.some((f) => p[f].length > 0);

/**
 * Form fields → the JSON body shape: free-text lists are one text field each, split on commas and
 * new lines; job types and guides are checkbox groups (repeated fields).
 */
export function preferencesFromForm(fields: Record<string, string | string[] | undefined>): Record<PreferenceField, string[]> {
  const split = (v: string | string[] | undefined): string[] =>
    (Array.isArray(v) ? v : v === undefined ? [] : [v]).flatMap((s) => s.split(/[,\n\r]+/)).map((s) => s.trim()).filter((s) => s !== '');
  const many = (v: string | string[] | undefined): string[] => (Array.isArray(v) ? v : v === undefined || v === '' ? [] : [v]);
  return {
    keywords: split(fields.keywords),
    industries: split(fields.industries),
    geos: split(fields.geos),
    jobTypes: many(fields.jobTypes),
    guides: many(fields.guides),
  };
}
