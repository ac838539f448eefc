import { RuleViolationError } from '@okr/goals-domain';
import { MetricIndex } from '@okr/metric-index';
import { ReportValues } from '../../application/report-values';
import { GoalHistories } from '../../history/goal-histories';
import { StoredGoalEvent } from '../../history/stored-goal-event';
import { CycleRescoring } from './cycle-rescoring.handler';

const versions = new Map<string, number>();
let position = 0;
const event = (streamId: string, type: string, data: Record<string, unknown>, recordedAt: string, effectiveAt = recordedAt): StoredGoalEvent => {
  const streamVersion = (versions.get(streamId) ?? 0) + 1;
  versions.set(streamId, streamVersion);
  return { _id: `${streamId}@${streamVersion}`, streamId, streamVersion, globalPosition: ++position, type, data, actor: 'olivia', effectiveAt, recordedAt };
};
const metric = (target: number) => ({ kind: 'metric', start: 0, target, unit: 'deals', direction: 'increase' });

/**
 * Given a quarter closed under linear-v1 with "win" at a: 65 % (weight 1) and b: 75 % (weight 2),
 * and, after the close, a correction of a to 100 %.
 */
function closedQuarter(): GoalHistories {
  const histories = new GoalHistories();
  const events = [
    event('cycle-q1', 'CycleDefined', { cycleId: 'q1', name: 'Q1', kind: 'custom', startsOn: '2027-01-01', endsOn: '2027-03-31' }, '2027-01-01T09:00:00.000Z'),
    event('objective-win', 'ObjectiveDefined', { objectiveId: 'win', cycleId: 'q1', title: 'Win', owner: { type: 'team', id: 'sales' }, commitment: 'committed', warnings: [] }, '2027-01-02T09:00:00.000Z'),
    event('objective-win', 'KeyResultAdded', { keyResultId: 'a', title: 'A', weight: 1, definition: metric(100) }, '2027-01-02T09:00:00.000Z'),
    event('objective-win', 'KeyResultAdded', { keyResultId: 'b', title: 'B', weight: 2, definition: metric(100) }, '2027-01-02T09:00:00.000Z'),
    event('objective-win', 'KeyResultCheckInRecorded', { keyResultId: 'a', value: 65, confidence: 'on-track' }, '2027-03-20T09:00:00.000Z'),
    event('objective-win', 'KeyResultCheckInRecorded', { keyResultId: 'b', value: 75, confidence: 'on-track' }, '2027-03-20T09:00:00.000Z'),
    event(
      'cycle-q1',
      'CycleClosed',
      { cycleId: 'q1', scoringRule: 'linear-v1', scores: [{ objectiveId: 'win', score: 0.72, keyResults: [{ keyResultId: 'a', score: 0.65 }, { keyResultId: 'b', score: 0.75 }] }], frozen: { ledgerPosition: 0, values: [] } },
      '2027-04-02T09:00:00.000Z',
    ),
    event('objective-win', 'KeyResultCheckInAmended', { keyResultId: 'a', value: 100, confidence: 'on-track', reason: 'a deal was booked late', previousValue: 65 }, '2027-04-10T09:00:00.000Z', '2027-03-30T09:00:00.000Z'),
  ];
  for (const e of events) histories.add(e);
  return histories;
}

const NOW = { asOf: Date.parse('2027-05-01T00:00:00Z'), knownAt: Date.parse('2027-05-01T00:00:00Z') };
const clock = { now: () => new Date(NOW.asOf) };
/** No goal of this quarter is bound to a metric: an empty index. */
const rescoringOf = (histories: GoalHistories) => new CycleRescoring(histories, new ReportValues(histories, new MetricIndex(), clock), 3);
/** Check-ins are not anyone's private numbers: a member sees every score. */
const member = { personId: 'rita', isAdmin: false };

describe('re-scoring a closed cycle under another rule version', () => {
  it('scores the objectives as they stood at close under the chosen rule, beside the recorded scores', () => {
    const answer = rescoringOf(closedQuarter()).rescore('q1', 'stepped-v1', 'at-close', NOW, member);
    expect(answer).toMatchObject({ recordedRule: 'linear-v1', rule: 'stepped-v1', basis: 'at-close', mean: { recorded: 0.72, rescored: 0.57 } });
    expect(answer.objectives).toEqual([
      {
        objectiveId: 'win',
        title: 'Win',
        owner: { type: 'team', id: 'sales' },
        recorded: 0.72,
        rescored: 0.57, // (1 × 0.3 + 2 × 0.7) / 3
        keyResults: [
          { keyResultId: 'a', title: 'A', recorded: 0.65, rescored: 0.3 },
          { keyResultId: 'b', title: 'B', recorded: 0.75, rescored: 0.7 },
        ],
      },
    ]);
  });

  it('reproduces the recorded scores under the recorded rule', () => {
    const [win] = rescoringOf(closedQuarter()).rescore('q1', 'linear-v1', 'at-close', NOW, member).objectives;
    expect(win.rescored).toBe(win.recorded);
    expect(win.keyResults.map((k) => k.rescored)).toEqual(win.keyResults.map((k) => k.recorded));
  });

  it('re-scores with the corrections recorded since the close when asked, and the recorded scores stay as recorded', () => {
    const [win] = rescoringOf(closedQuarter()).rescore('q1', 'stepped-v1', 'as-known', NOW, member).objectives;
    expect(win).toMatchObject({ recorded: 0.72, rescored: 0.8 }); // (1 × 1.0 + 2 × 0.7) / 3
  });

  it('refuses a cycle that was not closed at the instant asked about', () => {
    const before = { asOf: Date.parse('2027-03-31T00:00:00Z'), knownAt: Date.parse('2027-03-31T00:00:00Z') };
    expect(() => rescoringOf(closedQuarter()).rescore('q1', 'stepped-v1', 'at-close', before, member)).toThrow(RuleViolationError);
  });
});
