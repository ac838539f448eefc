import { isLateRevision, LATE_REVISION_SHARE, lateRevisionsFrom } from './quota-late-revision.rule';

describe('late revision cut-off: the last third of the cycle', () => {
  // A 90-day quarter, 1 January to 31 March 2027 (UTC): late from about 1 March.
  const quarter = { startsOn: '2027-01-01', endsOn: '2027-03-31' };
  const start = Date.parse('2027-01-01T00:00:00Z');
  const end = Date.parse('2027-04-01T00:00:00Z') - 1;

  it('counts the last third of the cycle as late', () => expect(LATE_REVISION_SHARE).toBeCloseTo(1 / 3, 12));

  it('starts at two thirds of the cycle’s window', () => expect(lateRevisionsFrom(quarter)).toBe(start + Math.ceil(((end - start) * 2) / 3)));

  it('is not late a millisecond before the cut-off, and late at it', () => {
    const cutOff = lateRevisionsFrom(quarter);
    expect(isLateRevision(quarter, cutOff - 1)).toBe(false);
    expect(isLateRevision(quarter, cutOff)).toBe(true);
  });

  it('judges a mid-cycle revision on time and one on the last day late', () => {
    expect(isLateRevision(quarter, Date.parse('2027-02-15T12:00:00Z'))).toBe(false);
    expect(isLateRevision(quarter, Date.parse('2027-03-31T23:00:00Z'))).toBe(true);
  });

  it('judges a revision after the cycle ended late', () => expect(isLateRevision(quarter, Date.parse('2027-04-03T00:00:00Z'))).toBe(true));
});
