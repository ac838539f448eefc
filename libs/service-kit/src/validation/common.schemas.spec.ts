import { boundedText, calendarDateSchema, idSchema, INSTANT_RANGE_MESSAGE, instantSchema, nonEmptyText, timeTravelQuerySchema } from './common.schemas';

describe('instantSchema', () => {
  it.each(['2027-03-31T23:59:59Z', '2027-03-31T23:59:59.123Z', '2027-03-31T23:59:59+02:00', '2028-02-29T00:00:00Z'])('accepts %s', (value) => {
    expect(instantSchema.parse(value)).toBe(value);
  });

  it.each([
    ['a date without a time', '2027-03-31'],
    ['a local time without a zone', '2027-03-31T23:59:59'],
    ['30 February', '2027-02-30T00:00:00Z'],
    ['29 February of a common year', '2027-02-29T00:00:00Z'],
    ['hour 25', '2027-03-31T25:00:00Z'],
    ['month 13', '2027-13-01T00:00:00Z'],
    ['words', 'yesterday'],
    ['an epoch number', '1800000000'],
  ])('refuses %s with a message that shows a valid value', (_, value) => {
    const result = instantSchema.safeParse(value);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].message).toBe('must be an ISO 8601 instant with a time zone, e.g. 2027-03-31T23:59:59Z');
  });
});

describe('idSchema', () => {
  it.each(['acme', 'sales-emea', 'fy27.q1', 'integration:salesforce', '0b9c6a0e-3c1f-4c8e-9a3e-1f2d3c4b5a69', 'a'.repeat(128)])('accepts %s', (value) => {
    expect(idSchema.safeParse(value).success).toBe(true);
  });
  it.each(['', '-leading-dash', '.hidden', 'with space', 'a/b', 'ünïcödé', 'a'.repeat(129), 'id?x=1'])('refuses %j', (value) => {
    expect(idSchema.safeParse(value).success).toBe(false);
  });
});

describe('nonEmptyText', () => {
  const title = nonEmptyText(10);
  it('trims', () => expect(title.parse('  Grow  ')).toBe('Grow'));
  it('refuses blank text', () => expect(title.safeParse('   ').error?.issues[0].message).toBe('cannot be empty'));
  it('refuses text over the limit, after trimming', () => {
    expect(title.safeParse(' 0123456789 ').success).toBe(true);
    expect(title.safeParse('01234567890').error?.issues[0].message).toBe('must be at most 10 characters');
  });
});

describe('timeTravelQuerySchema', () => {
  it('takes asOf and knownAt, both optional', () => {
    expect(timeTravelQuerySchema.parse({})).toEqual({});
    expect(timeTravelQuerySchema.parse({ asOf: '2027-03-31T00:00:00Z', knownAt: '2027-04-02T00:00:00Z' })).toEqual({ asOf: '2027-03-31T00:00:00Z', knownAt: '2027-04-02T00:00:00Z' });
  });
  it('refuses unknown parameters, so a typo is not silently ignored', () => {
    expect(timeTravelQuerySchema.safeParse({ asof: '2027-03-31T00:00:00Z' }).success).toBe(false);
  });
});

describe('instants and dates within years 0001 to 9999', () => {
  it('takes the first and last instants and refuses those beyond, the offset applied', () => {
    expect(instantSchema.safeParse('0001-01-01T00:00:00Z').success).toBe(true);
    expect(instantSchema.safeParse('9999-12-31T23:59:59.999Z').success).toBe(true);
    expect(instantSchema.safeParse('0000-12-31T23:59:59Z').error?.issues[0].message).toBe(INSTANT_RANGE_MESSAGE);
    expect(instantSchema.safeParse('0001-01-01T00:30:00+01:00').success).toBe(false);
    expect(instantSchema.safeParse('9999-12-31T23:30:00-01:00').success).toBe(false);
    expect(calendarDateSchema.safeParse('0000-01-01').success).toBe(false);
    expect(calendarDateSchema.safeParse('0001-01-01').success).toBe(true);
  });

  it('bounded text refuses NUL and lone surrogates as well as length', () => {
    expect(boundedText(3).safeParse('abcd').success).toBe(false);
    expect(boundedText(3).safeParse('a\u0000').error?.issues[0].message).toContain('NUL');
    expect(nonEmptyText(10).safeParse('a\uD800').error?.issues[0].message).toContain('lone surrogate');
  });
});
