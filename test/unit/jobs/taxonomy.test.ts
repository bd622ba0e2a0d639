import { asList, isRemoteJob, normaliseGeo, normaliseLevel, normaliseTags, normaliseType } from '../../../lambdas/jobs/taxonomy';

describe('normaliseGeo', () => {
  it.each([
    ['Anywhere', 'Anywhere'],
    ['Worldwide', 'Anywhere'],
    ['Remote', 'Anywhere'],
    ['Global', 'Anywhere'],
    ['Remote, Global', 'Anywhere'],
    ['USA', 'USA'],
    ['US', 'USA'],
    ['United States', 'USA'],
    ['U.S.', 'USA'],
    ['Remote - USA', 'USA'],
    ['USA (Remote)', 'USA'],
    ['US only', 'USA'],
    ['US-based', 'USA'],
    ['Remote, USA', 'USA'],
    ['Canada, USA', 'Canada, USA'],
    ['USA / Canada', 'USA, Canada'],
    ['USA, United States', 'USA'],
    ['United Kingdom', 'UK'],
    ['UK & Ireland', 'UK, Ireland'],
    ['Europe', 'Europe'],
    ['EU', 'Europe'],
    ['EMEA', 'EMEA'],
    ['LATAM', 'LATAM'],
    ['Remote - CA', 'CA'],
    ['Berlin, Germany', 'Berlin, Germany'],
    ['&nbsp;Spain&nbsp;', 'Spain'],
  ])('%p → %p', (input, expected) => {
    expect(normaliseGeo(input)).toBe(expected);
  });

  it('says Unspecified, not Anywhere, when the feed gives nothing', () => {
    expect(normaliseGeo(null)).toBe('Unspecified');
    expect(normaliseGeo('   ')).toBe('Unspecified');
  });
});

describe('normaliseLevel', () => {
  it.each([
    ['Midweight', 'Mid'],
    ['Mid-Level', 'Mid'],
    ['Senior', 'Senior'],
    ['Sr.', 'Senior'],
    ['Entry', 'Entry'],
    ['Junior', 'Entry'],
    ['Entry level', 'Entry'],
    ['Lead', 'Lead'],
    ['Principal', 'Lead'],
    ['Director', 'Director'],
  ])('%p → %p', (input, expected) => {
    expect(normaliseLevel(input, 'Anything').level).toBe(expected);
  });

  it('maps "Any" to null', () => {
    expect(normaliseLevel('Any', 'Senior Nurse')).toEqual({ level: null });
  });

  it('drops an unknown level with a note', () => {
    expect(normaliseLevel('Galactic overlord', 'x')).toEqual({ level: null, note: 'unknown level "galactic overlord" dropped' });
  });

  it('uses the title only when the feed has no level', () => {
    expect(normaliseLevel(undefined, 'Senior Backend Engineer').level).toBe('Senior');
    expect(normaliseLevel('', 'Junior Designer').level).toBe('Entry');
    expect(normaliseLevel(undefined, 'Entry-Level Medical Office Assistant').level).toBe('Entry');
    expect(normaliseLevel(undefined, 'Lead Engineer').level).toBe('Lead');
    expect(normaliseLevel(undefined, 'Office Manager').level).toBeNull();
  });
});

describe('types and tags', () => {
  it.each([
    ['Full-Time', 'full-time'],
    ['Full time', 'full-time'],
    ['FULL_TIME', 'full-time'],
    ['fulltime', 'full-time'],
    ['Part Time', 'part-time'],
    ['Contractor', 'contract'],
    ['Temp', 'temporary'],
    ['Internship', 'internship'],
    ['Freelance', 'freelance'],
    ['Contract to hire', 'contract-to-hire'],
    ['Per Diem', 'per-diem'],
  ])('type %p → %p', (input, expected) => {
    expect(normaliseType(input)).toBe(expected);
  });

  it('lower-cases and dedupes tags, unifying type words', () => {
    expect(normaliseTags(['Healthcare', 'healthcare', 'Full Time', 'full-time', 'Accounting &amp; Finance', ' '])).toEqual([
      'healthcare',
      'full-time',
      'accounting & finance',
    ]);
  });

  it('reads lists from arrays or comma strings', () => {
    expect(asList(['a', 1, null, '', 'b'])).toEqual(['a', '1', 'b']);
    expect(asList('Healthcare, Administration')).toEqual(['Healthcare', ' Administration']);
    expect(asList(undefined)).toEqual([]);
    expect(asList({})).toEqual([]);
  });
});

describe('isRemoteJob', () => {
  const remote = (rawGeo: string | null, types: string[] = [], title = 'Nurse') => isRemoteJob({ geo: normaliseGeo(rawGeo), rawGeo, types, title });
  it.each([
    ['Anywhere', [], 'Nurse', true],
    ['Remote - USA', [], 'Nurse', true],
    ['USA', ['Remote'], 'Nurse', true],
    ['USA', ['work from home'], 'Nurse', true],
    ['Denver, CO', [], 'Billing Specialist (Remote)', true],
    ['Denver, CO', [], 'Billing Specialist', false],
    ['Remoteville, TX', [], 'Nurse', false],
  ] as const)('%p %p %p → %p', (geo, types, title, expected) => {
    expect(remote(geo, [...types], title)).toBe(expected);
  });
});
