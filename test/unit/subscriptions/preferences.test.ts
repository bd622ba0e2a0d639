import { validate } from '../../../lambdas/http/schema';
import { JOB_TYPES, PREFERENCE_PROPERTIES, cleanPreferences, preferencesFromForm } from '../../../lambdas/subscriptions/preferences';
import { SignUpRequestSchema } from '../../../lambdas/subscriptions/routes';

const guides = new Set(['medical-office-administrator', 'data-analyst']);

describe('cleanPreferences', () => {
  it('trims, collapses whitespace, drops empties and de-duplicates case-insensitively', () => {
    const { value, errors } = cleanPreferences(
      {
        keywords: ['  medical   billing ', 'Medical Billing', '', 'scheduling'],
        industries: ['Healthcare', 'healthcare'],
        geos: ['USA', ' Anywhere '],
        jobTypes: ['Full Time', 'full-time', 'PART_TIME', 'contractor'],
        guides: ['Medical-Office-Administrator', 'data-analyst'],
      },
      guides,
    );
    expect(errors).toEqual([]);
    expect(value).toEqual({
      keywords: ['medical billing', 'scheduling'],
      industries: ['Healthcare'],
      geos: ['USA', 'Anywhere'],
      jobTypes: ['full-time', 'part-time', 'contract'],
      guides: ['medical-office-administrator', 'data-analyst'],
      levels: [], salaryMin: null, salaryCurrency: 'USD', remoteOnly: false, timeZone: null,
    });
  });

  it('defaults every list to empty', () => {
    const { value } = cleanPreferences({}, guides);
    expect(value).toEqual({ keywords: [], industries: [], geos: [], jobTypes: [], guides: [], levels: [], salaryMin: null, salaryCurrency: 'USD', remoteOnly: false, timeZone: null });
  });

  it('names every unknown guide, unknown job type and control character', () => {
    const { errors } = cleanPreferences(
      { guides: ['astronaut', 'data-analyst'], jobTypes: ['gig-work'], keywords: ['ok', 'bad\u0007bell'] },
      guides,
    );
    expect(errors).toEqual([
      { field: '/jobTypes/0', message: `must be one of ${JOB_TYPES.join(', ')}` },
      { field: '/guides/0', message: 'is not a published guide ("astronaut")' },
      { field: '/keywords/1', message: 'must not contain control characters' },
    ]);
  });

  it('canonicalises levels, currency and time zone, and names each invalid one', () => {
    const ok = cleanPreferences({ levels: ['junior', 'Senior', 'entry'], salaryMin: 60_000, salaryCurrency: ' eur ', remoteOnly: true, timeZone: 'europe/berlin' }, guides);
    expect(ok.errors).toEqual([]);
    expect(ok.value).toMatchObject({ levels: ['Entry', 'Senior'], salaryMin: 60_000, salaryCurrency: 'EUR', remoteOnly: true, timeZone: 'Europe/Berlin' });
    const bad = cleanPreferences({ levels: ['Wizard'], salaryCurrency: 'XYZ', timeZone: 'Mars/Olympus_Mons' }, guides);
    expect(bad.errors.map((e) => e.field)).toEqual(['/levels/0', '/salaryCurrency', '/timeZone']);
    expect(bad.errors[2]?.message).toMatch(/not a known IANA time zone/);
    expect(cleanPreferences({ timeZone: 'UTC' }, guides).value.timeZone).toBe('UTC');
    expect(cleanPreferences({ timeZone: '' }, guides).value.timeZone).toBeNull();
  });

  it('limits list sizes after de-duplication', () => {
    const many = Array.from({ length: 21 }, (_, i) => `word${i}`);
    expect(cleanPreferences({ keywords: many }, guides).errors).toEqual([{ field: '/keywords', message: 'must have at most 20 items' }]);
    expect(cleanPreferences({ keywords: [...many.slice(0, 20), 'WORD0'] }, guides).errors).toEqual([]);
  });
});

describe('request schemas', () => {
  it('bound list sizes and item lengths before anything else runs', () => {
    expect(validate(SignUpRequestSchema, { email: 'a@example.com', keywords: ['x'.repeat(81)] })).toEqual([
      { field: '/keywords/0', message: 'must be at most 80 characters' },
    ]);
    expect(validate(SignUpRequestSchema, { email: 'a@example.com', guides: ['Not A Slug'] })[0]?.field).toBe('/guides/0');
    expect(validate(SignUpRequestSchema, { email: 'a@example.com', colour: 'red' })).toEqual([{ field: '/colour', message: 'is not allowed' }]);
    expect(validate(SignUpRequestSchema, {})).toEqual([{ field: '/email', message: 'is required' }]);
    expect(Object.keys(PREFERENCE_PROPERTIES)).toEqual(['keywords', 'industries', 'geos', 'jobTypes', 'guides', 'levels', 'salaryMin', 'salaryCurrency', 'remoteOnly', 'timeZone']);
    expect(validate(SignUpRequestSchema, { email: 'a@example.com', salaryMin: -1 })[0]?.field).toBe('/salaryMin');
    expect(validate(SignUpRequestSchema, { email: 'a@example.com', salaryMin: '60k' })[0]?.field).toBe('/salaryMin');
    expect(validate(SignUpRequestSchema, { email: 'a@example.com', remoteOnly: 'yes' })[0]?.field).toBe('/remoteOnly');
    expect(validate(SignUpRequestSchema, { email: 'a@example.com', salaryMin: 60_000, salaryCurrency: 'EUR', remoteOnly: true, timeZone: null, levels: ['Senior'] })).toEqual([]);
  });
});

describe('preferencesFromForm', () => {
  it('splits text fields on commas and new lines and keeps checkbox groups', () => {
    expect(
      preferencesFromForm({ keywords: 'medical billing, scheduling\r\nfront desk', industries: '', geos: 'USA', jobTypes: ['full-time', 'contract'], guides: 'data-analyst' }),
    ).toEqual({
      keywords: ['medical billing', 'scheduling', 'front desk'],
      industries: [],
      geos: ['USA'],
      jobTypes: ['full-time', 'contract'],
      guides: ['data-analyst'],
      levels: [],
      salaryMin: null,
      remoteOnly: false,
      timeZone: null,
    });
  });

  it('reads the salary (separators allowed), currency, levels, remote-only box and time zone', () => {
    expect(
      preferencesFromForm({ salaryMin: ' 60,000 ', salaryCurrency: 'eur', levels: ['Senior', 'Lead'], remoteOnly: 'yes', timeZone: 'Europe/Berlin' }),
    ).toMatchObject({ salaryMin: 60_000, salaryCurrency: 'eur', levels: ['Senior', 'Lead'], remoteOnly: true, timeZone: 'Europe/Berlin' });
    // Not a number: passed on as typed, so the body schema names the field.
    expect(preferencesFromForm({ salaryMin: 'lots' }).salaryMin).toBe('lots');
  });

  it('treats absent fields as cleared (an unticked checkbox sends nothing)', () => {
    expect(preferencesFromForm({})).toEqual({ keywords: [], industries: [], geos: [], jobTypes: [], guides: [], levels: [], salaryMin: null, remoteOnly: false, timeZone: null });
  });
});
