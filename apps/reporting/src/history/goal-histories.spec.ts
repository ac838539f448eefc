import { checkInValue, Confidence, foldEvents, individualTargetDecider, kpiDecider, kpiHealth, objectiveDecider, objectiveProgress, targetAttainment } from '@okr/goals-domain';
import { MetricFact, MetricIndex } from '@okr/metric-index';
import { ReportValues } from '../application/report-values';
import { GoalHistories } from './goal-histories';
import { StoredGoalEvent } from './stored-goal-event';

/** A deterministic pseudo-random sequence, so a failing case can be replayed. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1664525 + 1013904223) % 4294967296;
    return state / 4294967296;
  };
}

const T0 = Date.parse('2027-01-01T00:00:00Z');
const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();
const confidences: Confidence[] = ['on-track', 'at-risk', 'off-track'];

/**
 * A valid objective stream as goals would record it: structural changes true when recorded,
 * key results dated back at most to the objective, check-ins dated back at most to their key
 * result, key results removed and added again.
 */
function objectiveStream(seed: number): StoredGoalEvent[] {
  const next = random(seed);
  const events: StoredGoalEvent[] = [];
  let now = T0;
  const append = (type: string, data: Record<string, unknown>, effectiveAt = now, actor = 'lars') =>
    events.push({ _id: `objective-o@${events.length + 1}`, streamId: 'objective-o', streamVersion: events.length + 1, globalPosition: events.length + 1, type, data, actor, effectiveAt: iso(effectiveAt), recordedAt: iso(now) });
  append('ObjectiveDefined', { objectiveId: 'o', cycleId: 'q1', title: 'O', owner: { type: 'team', id: 't' }, commitment: 'committed', warnings: [] });
  const added = new Map<string, number>();
  for (let step = 0; step < 40; step++) {
    now += Math.floor(next() * 48) * HOUR + HOUR;
    const roll = next();
    const ids = [...added.keys()];
    if (roll < 0.15 || ids.length === 0) {
      const id = `kr${Math.floor(next() * 4)}`;
      if (added.has(id)) continue;
      const effectiveAt = T0 + Math.floor(next() * (now - T0));
      added.set(id, effectiveAt);
      append('KeyResultAdded', { keyResultId: id, title: id, weight: 1 + Math.floor(next() * 3), definition: { kind: 'metric', start: 0, target: 100, unit: 'x', direction: 'increase' } }, effectiveAt);
    } else if (roll < 0.2) {
      const id = ids[Math.floor(next() * ids.length)];
      added.delete(id);
      append('KeyResultRemoved', { keyResultId: id, title: id });
    } else if (roll < 0.25) {
      const id = ids[Math.floor(next() * ids.length)];
      append('KeyResultWeightChanged', { keyResultId: id, weight: Math.floor(next() * 4), previousWeight: 1 });
    } else {
      const id = ids[Math.floor(next() * ids.length)];
      const from = added.get(id)!;
      // Half are late reports, dated back between the key result's start and now.
      const effectiveAt = next() < 0.5 ? now : from + Math.floor(next() * (now - from));
      append('KeyResultCheckInRecorded', { keyResultId: id, value: Math.floor(next() * 120), confidence: confidences[Math.floor(next() * 3)] }, effectiveAt, next() < 0.3 ? 'integration:crm' : 'lars');
    }
  }
  return events;
}

const timed = (events: StoredGoalEvent[]) => events.map((e) => ({ type: e.type, data: e.data, metadata: { effectiveAt: e.effectiveAt, recordedAt: e.recordedAt } }));
const visible = (events: StoredGoalEvent[], asOf: number, knownAt: number) => events.filter((e) => Date.parse(e.effectiveAt) <= asOf && Date.parse(e.recordedAt) <= knownAt);

describe('GoalHistories answers exactly what folding the time-filtered events with the domain gives', () => {
  it('for objectives with backdated key results and late check-ins, at random (asOf, knownAt)', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const events = objectiveStream(seed);
      const histories = new GoalHistories();
      // Delivered twice and out of order: the answers must not change.
      for (const event of [...events].reverse()) histories.add(event);
      for (const event of events) histories.add(event);
      const end = Date.parse(events[events.length - 1].recordedAt);
      const next = random(seed * 7919);
      for (let probe = 0; probe < 25; probe++) {
        const asOf = T0 - HOUR + Math.floor(next() * (end - T0 + 2 * HOUR));
        const knownAt = next() < 0.3 ? Infinity : T0 - HOUR + Math.floor(next() * (end - T0 + 2 * HOUR));
        const replayed = foldEvents(objectiveDecider, timed(visible(events, asOf, knownAt)) as never);
        const answered = histories.objectiveAt('o', { asOf, knownAt });
        const context = `seed ${seed}, asOf ${iso(asOf)}, knownAt ${Number.isFinite(knownAt) ? iso(knownAt) : 'now'}`;
        if (replayed.status === 'undefined') {
          expect({ context, answered }).toEqual({ context, answered: null });
          continue;
        }
        expect({ context, progress: objectiveProgress(answered!.state, checkInValue) }).toEqual({ context, progress: objectiveProgress(replayed, checkInValue) });
        const values = (state: typeof replayed) => Object.values(state.keyResults).map((kr) => [kr.id, kr.weight, kr.latestCheckIn?.value ?? null, kr.latestCheckIn?.confidence ?? null]);
        expect({ context, values: values(answered!.state) }).toEqual({ context, values: values(replayed) });
        // What whole-cycle roll-ups read, without building the state: the same progress and confidences.
        const reading = histories.objectiveReadingAt('o', { asOf, knownAt }, checkInValue)!;
        const confidencesOf = (state: typeof replayed) => Object.values(state.keyResults).map((kr) => ({ id: kr.id, confidence: kr.latestCheckIn?.confidence ?? null }));
        expect({ context, progress: reading.progress, keyResults: [...reading.keyResults] }).toEqual({ context, progress: objectiveProgress(replayed, checkInValue).objective, keyResults: confidencesOf(replayed) });
      }
    }
  });

  it('for KPIs and individual targets, with the source of each value', () => {
    const event = (streamId: string, streamVersion: number, type: string, data: Record<string, unknown>, effectiveAt: string, recordedAt: string, actor = 'rita'): StoredGoalEvent => ({
      _id: `${streamId}@${streamVersion}`, streamId, streamVersion, globalPosition: streamVersion, type, data, actor, effectiveAt, recordedAt,
    });
    const target = [
      event('target-q', 1, 'TargetSet', { targetId: 'q', personId: 'rita', unitId: 't', cycleId: 'q1', metric: 'won', unit: 'EUR', targetValue: 100, visibility: 'private' }, '2027-01-01T00:00:00Z', '2027-01-02T00:00:00Z', 'lars'),
      event('target-q', 2, 'TargetCheckInRecorded', { value: 40, confidence: 'on-track' }, '2027-02-01T00:00:00Z', '2027-02-01T00:00:00Z'),
      event('target-q', 3, 'TargetRevised', { targetValue: 80, previousTargetValue: 100, reason: 'territory moved' }, '2027-02-10T00:00:00Z', '2027-02-10T00:00:00Z', 'lars'),
      event('target-q', 4, 'TargetCheckInRecorded', { value: 90, confidence: 'on-track' }, '2027-03-30T00:00:00Z', '2027-04-02T00:00:00Z', 'integration:salesforce'),
    ];
    const kpi = [
      event('kpi-k', 1, 'KpiDefined', { kpiId: 'k', unitId: 't', name: 'NPS', unit: 'pt', goal: { direction: 'within-band', band: { min: 30, max: 60 } } }, '2027-01-01T00:00:00Z', '2027-01-01T00:00:00Z'),
      event('kpi-k', 2, 'KpiCheckInRecorded', { value: 70, confidence: 'at-risk' }, '2027-01-15T00:00:00Z', '2027-01-15T00:00:00Z'),
      event('kpi-k', 3, 'KpiCheckInRecorded', { value: 50, confidence: 'on-track' }, '2027-01-10T00:00:00Z', '2027-01-20T00:00:00Z'),
    ];
    const histories = new GoalHistories();
    for (const e of [...target, ...kpi]) histories.add(e);
    const probes = ['2027-01-01T12:00:00Z', '2027-01-12T00:00:00Z', '2027-01-17T00:00:00Z', '2027-02-05T00:00:00Z', '2027-03-31T00:00:00Z', '2027-04-05T00:00:00Z'].map(Date.parse);
    for (const asOf of probes) {
      for (const knownAt of [...probes, Infinity]) {
        const at = { asOf, knownAt };
        const replayedTarget = foldEvents(individualTargetDecider, timed(visible(target, asOf, knownAt)) as never);
        const answeredTarget = histories.targetAt('q', at);
        if (replayedTarget.status === 'undefined') expect(answeredTarget).toBeNull();
        else expect(targetAttainment(answeredTarget!.state, checkInValue(answeredTarget!.state))).toEqual(targetAttainment(replayedTarget, checkInValue(replayedTarget)));
        const replayedKpi = foldEvents(kpiDecider, timed(visible(kpi, asOf, knownAt)) as never);
        expect(kpiHealth(histories.kpiAt('k', at)!.state, checkInValue(histories.kpiAt('k', at)!.state))).toBe(kpiHealth(replayedKpi, checkInValue(replayedKpi)));
      }
    }
    const now = { asOf: Infinity, knownAt: Infinity };
    expect(histories.targetAt('q', now)!.source).toBe('ingested');
    expect(histories.targetAt('q', { asOf: Infinity, knownAt: Date.parse('2027-03-01T00:00:00Z') })!.source).toBe('manual');
  });

  it('for a target bound to a metric from a past instant: its facts give its value then, its check-ins before', () => {
    const event = (streamVersion: number, type: string, data: Record<string, unknown>, effectiveAt: string, recordedAt: string): StoredGoalEvent => ({
      _id: `target-b@${streamVersion}`, streamId: 'target-b', streamVersion, globalPosition: streamVersion, type, data, actor: 'lars', effectiveAt, recordedAt,
    });
    const binding = { metric: 'sales.won', aggregation: 'sum', scope: { type: 'person', personId: 'rita' }, window: { kind: 'cycle', from: '2027-01-01T00:00:00.000Z', to: '2027-04-01T00:00:00.000Z' } };
    const stream = [
      event(1, 'TargetSet', { targetId: 'b', personId: 'rita', unitId: 't', cycleId: 'q1', metric: 'sales.won', unit: 'EUR', targetValue: 100, visibility: 'private' }, '2027-01-01T00:00:00Z', '2027-01-02T00:00:00Z'),
      event(2, 'TargetCheckInRecorded', { value: 7, confidence: 'on-track' }, '2027-01-05T00:00:00Z', '2027-01-05T00:00:00Z'),
      // Bound on 20 January, from 10 January on.
      event(3, 'TargetBoundToMetric', { targetId: 'b', binding, previous: null }, '2027-01-10T00:00:00Z', '2027-01-20T00:00:00Z'),
    ];
    const fact = (position: number, recordId: string, recordVersion: number, value: number, occurredAt: string, recordedAt: string): MetricFact => ({
      position, metric: 'sales.won', subject: { type: 'person', id: 'rita' }, sourceRecordKey: `crm:${recordId}:sales.won`, source: { system: 'crm', recordId },
      recordVersion, operation: 'upsert', value, occurredAt: Date.parse(occurredAt), recordedAt: Date.parse(recordedAt),
    });
    const index = new MetricIndex();
    index.add([
      fact(1, 'opp-1', 1, 40, '2027-02-01T00:00:00Z', '2027-02-01T01:00:00Z'),
      // Reported on 2 April as closed on 30 March, then corrected on 3 April: it closed on 3 April.
      fact(2, 'opp-2', 1, 50, '2027-03-30T00:00:00Z', '2027-04-02T00:00:00Z'),
      fact(3, 'opp-2', 2, 50, '2027-04-03T00:00:00Z', '2027-04-03T01:00:00Z'),
    ]);
    const histories = new GoalHistories();
    for (const e of stream) histories.add(e);
    const values = new ReportValues(histories, index, { now: () => new Date('2027-05-01T00:00:00Z') });
    const valueAt = (asOf: string, knownAt?: string) => {
      const at = { asOf: Date.parse(asOf), knownAt: knownAt ? Date.parse(knownAt) : Infinity };
      const target = histories.targetAt('b', at)!;
      return { value: values.at(at, 'q1').value(target.state, { kind: 'target', id: 'b' }), source: target.source };
    };
    // What we now know Q1 was: only opp-1 (opp-2 moved to April); what the dashboard showed on 2 April: both.
    expect(valueAt('2027-03-31T23:59:59Z')).toEqual({ value: 40, source: 'ingested' });
    expect(valueAt('2027-03-31T23:59:59Z', '2027-04-02T12:00:00Z')).toEqual({ value: 90, source: 'ingested' });
    // Before the binding took effect the check-in holds; before the binding was recorded, too.
    expect(valueAt('2027-01-08T00:00:00Z')).toEqual({ value: 7, source: 'manual' });
    expect(valueAt('2027-03-31T23:59:59Z', '2027-01-15T00:00:00Z')).toEqual({ value: 7, source: 'manual' });
  });

  it('ignores streams and event types it does not know', () => {
    const histories = new GoalHistories();
    expect(histories.add({ _id: 'metric-x@1', streamId: 'metric-x', streamVersion: 1, globalPosition: 1, type: 'MetricDefined', data: {}, actor: 'a', effectiveAt: iso(T0), recordedAt: iso(T0) })).toBe(false);
    histories.add({ _id: 'kpi-k@1', streamId: 'kpi-k', streamVersion: 1, globalPosition: 2, type: 'KpiDefined', data: { kpiId: 'k', unitId: 't', name: 'NPS', unit: 'pt', goal: { direction: 'increase', target: 1 } }, actor: 'a', effectiveAt: iso(T0), recordedAt: iso(T0) });
    histories.add({ _id: 'kpi-k@2', streamId: 'kpi-k', streamVersion: 2, globalPosition: 3, type: 'KpiBoundToSomethingNew', data: { whatever: true }, actor: 'a', effectiveAt: iso(T0), recordedAt: iso(T0) });
    expect(histories.kpiAt('k', { asOf: Infinity, knownAt: Infinity })!.state).toMatchObject({ name: 'NPS', status: 'active' });
  });
});
