import { validate } from '../../../lambdas/http/schema';
import { JOB_TYPES, PREFERENCE_PROPERTIES, cleanPreferences, hasPreferences, preferencesFromForm } from '../../../lambdas/subscriptions/preferences';
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
    });
    expect(hasPreferences(value)).toBe(true);
  });

  it('defaults every list to empty', () => {
    const { value } = cleanPreferences({}, guides);
    expect(value).toEqual({ keywords: [], industries: [], geos: [], jobTypes: [], guides: [] });
    expect(hasPreferences(value)).toBe(false);
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
    expect(Object.keys(PREFERENCE_PROPERTIES)).toEqual(['keywords', 'industries', 'geos', 'jobTypes', 'guides']);
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
    });
  });

  it('treats absent fields as cleared (an unticked checkbox sends nothing)', () => {
    expect(preferencesFromForm({})).toEqual({ keywords: [], industries: [], geos: [], jobTypes: [], guides: [] });
  });
});
