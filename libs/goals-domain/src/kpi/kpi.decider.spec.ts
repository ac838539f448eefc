import { AlreadyExistsError, checkInValue, foldEvents, InvalidInputError, KpiEvent, NotFoundError, RuleViolationError } from '@okr/goals-domain';
import { at, DeciderSpecification } from '@okr/testing';
import { kpiHealth } from './kpi-status';
import { kpiDecider } from './kpi.decider';

const spec = DeciderSpecification.for(kpiDecider);
const context = at('2027-02-01T09:00:00.000Z');
const defined: KpiEvent = { type: 'KpiDefined', data: { kpiId: 'nps', unitId: 'emea', name: 'NPS', unit: 'points', goal: { direction: 'stay-above', target: 40 } } };
const band: KpiEvent = { type: 'KpiDefined', data: { kpiId: 'lat', unitId: 'emea', name: 'Latency', unit: 'ms', goal: { direction: 'within-band', band: { min: 100, max: 300 } } } };
const times = { effectiveAt: '2027-01-01T00:00:00.000Z', recordedAt: '2027-01-01T00:00:00.000Z' };
const reading = (value: number): KpiEvent & { metadata: typeof times } => ({ type: 'KpiCheckInRecorded', data: { value, confidence: 'on-track' }, metadata: times });

const define = (goal: { direction: 'stay-above' | 'within-band'; target?: number; band?: { min: number; max: number } }, unitActive = true) => ({
  type: 'DefineKpi' as const,
  data: { kpiId: 'nps', unitId: 'emea', unitActive, name: 'NPS', unit: 'points', ...goal },
  context,
});

const healthOf = (state: ReturnType<typeof kpiDecider.initialState>) => kpiHealth(state, checkInValue(state));

describe('KPI', () => {
  it('defines a KPI with a target', () => spec.given([]).when(define({ direction: 'stay-above', target: 40 })).then([defined]));
  it('defines a KPI with a healthy band', () =>
    spec.given([]).when(define({ direction: 'within-band', band: { min: 100, max: 300 } })).then([{ ...band, data: { ...band.data, kpiId: 'nps', name: 'NPS', unit: 'points' } }]));
  it('refuses a band whose min is not below its max', () =>
    spec.given([]).when(define({ direction: 'within-band', band: { min: 300, max: 100 } })).thenThrows(InvalidInputError, /below/, 'band'));
  it('refuses a within-band KPI without a band', () => spec.given([]).when(define({ direction: 'within-band' })).thenThrows(InvalidInputError, /band/, 'band'));
  it('refuses a directional KPI without a target', () => spec.given([]).when(define({ direction: 'stay-above' })).thenThrows(InvalidInputError, /target/, 'target'));
  it('refuses a unit that does not exist or is archived', () => spec.given([]).when(define({ direction: 'stay-above', target: 40 }, false)).thenThrows(NotFoundError, /emea/, 'unitId'));
  it('changes its goal, keeping the previous one', () =>
    spec.given([defined]).when({ type: 'ChangeKpiGoal', data: { direction: 'stay-above', target: 45 }, context }).then([
      { type: 'KpiGoalChanged', data: { goal: { direction: 'stay-above', target: 45 }, previousGoal: { direction: 'stay-above', target: 40 } } },
    ]));
  it('records a check-in', () =>
    spec.given([defined]).when({ type: 'RecordKpiCheckIn', data: { value: 42, confidence: 'on-track' }, context }).then([{ type: 'KpiCheckInRecorded', data: { value: 42, confidence: 'on-track' } }]));
  it('refuses a check-in on a KPI that does not exist', () =>
    spec.given([]).when({ type: 'RecordKpiCheckIn', data: { value: 42, confidence: 'on-track' }, context }).thenThrows(NotFoundError));
  it('refuses changes once archived', () =>
    spec.given([defined, { type: 'KpiArchived', data: { kpiId: 'nps' } }]).when({ type: 'RecordKpiCheckIn', data: { value: 42, confidence: 'on-track' }, context }).thenThrows(RuleViolationError, /archived/));

  it('is healthy while its latest value meets the goal', () => {
    const withTimes = (e: KpiEvent) => ({ ...e, metadata: times });
    expect(healthOf(foldEvents(kpiDecider, [withTimes(defined)]))).toBe('no-data');
    expect(healthOf(foldEvents(kpiDecider, [withTimes(defined), reading(40)]))).toBe('healthy');
    expect(healthOf(foldEvents(kpiDecider, [withTimes(defined), reading(39)]))).toBe('unhealthy');
    expect(healthOf(foldEvents(kpiDecider, [withTimes(band), reading(250)]))).toBe('healthy');
    expect(healthOf(foldEvents(kpiDecider, [withTimes(band), reading(301)]))).toBe('unhealthy');
  });
});

describe('KPI: further rules', () => {
  const definedOnJan1 = { ...defined, metadata: times };
  const checkIn = (value: number, effectiveAt: string, recordedAt = effectiveAt) => ({ type: 'KpiCheckInRecorded' as const, data: { value, confidence: 'on-track' as const }, metadata: { effectiveAt, recordedAt } });

  it('refuses a check-in effective before the KPI existed', () =>
    spec.given([definedOnJan1]).when({ type: 'RecordKpiCheckIn', data: { value: 42, confidence: 'on-track' }, context: at(context.now, '2026-12-31T00:00:00.000Z') }).thenThrows(InvalidInputError, /before the goal existed/, 'effectiveAt'));
  it('refuses a check-in effective in the future', () =>
    spec.given([definedOnJan1]).when({ type: 'RecordKpiCheckIn', data: { value: 42, confidence: 'on-track' }, context: at(context.now, '2027-03-01T00:00:00.000Z') }).thenThrows(InvalidInputError, /future/, 'effectiveAt'));
  it('accepts a backdated check-in with its note', () =>
    spec.given([definedOnJan1]).when({ type: 'RecordKpiCheckIn', data: { value: 38, confidence: 'at-risk', note: 'survey late' }, context: at(context.now, '2027-01-15T00:00:00.000Z') }).then([
      { type: 'KpiCheckInRecorded', data: { value: 38, confidence: 'at-risk', note: 'survey late' } },
    ]));
  it('may be defined after the fact, from a past instant, never a future one', () => {
    spec.given([]).when({ ...define({ direction: 'stay-above', target: 40 }), context: at(context.now, '2027-01-01T00:00:00.000Z') }).then([defined]);
    spec.given([]).when({ ...define({ direction: 'stay-above', target: 40 }), context: at(context.now, '2027-03-01T00:00:00.000Z') }).thenThrows(InvalidInputError, /future/, 'effectiveAt');
  });
  it('refuses defining twice', () => spec.given([defined]).when(define({ direction: 'stay-above', target: 40 })).thenThrows(AlreadyExistsError));
  it('changing the goal to the same one records nothing', () => spec.given([defined]).when({ type: 'ChangeKpiGoal', data: { direction: 'stay-above', target: 40 }, context }).thenNothing());
  it('refuses a new goal without a target', () => spec.given([defined]).when({ type: 'ChangeKpiGoal', data: { direction: 'decrease' }, context }).thenThrows(InvalidInputError, /target/, 'target'));
  it('archives a KPI', () => spec.given([defined]).when({ type: 'ArchiveKpi', data: {}, context }).then([{ type: 'KpiArchived', data: { kpiId: 'nps' } }]));

  it('takes the latest check-in in valid time: a late backdated one does not override a newer one', () => {
    const state = foldEvents(kpiDecider, [definedOnJan1, checkIn(45, '2027-01-31T00:00:00.000Z'), checkIn(30, '2027-01-10T00:00:00.000Z', '2027-02-02T00:00:00.000Z')]);
    expect(state.latestCheckIn?.value).toBe(45);
    expect(healthOf(state)).toBe('healthy');
  });
  it('judges health per direction', () => {
    const health = (goal: { direction: 'increase' | 'decrease' | 'stay-below'; target: number }, value: number) =>
      healthOf(foldEvents(kpiDecider, [{ type: 'KpiDefined', data: { kpiId: 'k', unitId: 'emea', name: 'K', unit: 'x', goal }, metadata: times }, checkIn(value, times.effectiveAt)]));
    expect(health({ direction: 'increase', target: 10 }, 10)).toBe('healthy');
    expect(health({ direction: 'increase', target: 10 }, 9)).toBe('unhealthy');
    expect(health({ direction: 'decrease', target: 10 }, 10)).toBe('healthy');
    expect(health({ direction: 'decrease', target: 10 }, 11)).toBe('unhealthy');
    expect(health({ direction: 'stay-below', target: 2 }, 1)).toBe('healthy');
    expect(health({ direction: 'stay-below', target: 2 }, 3)).toBe('unhealthy');
  });
});

describe('KPI bound to a metric', () => {
  const binding = { metric: 'support.tickets_open', aggregation: 'last' as const, scope: { type: 'unit' as const, unitId: 'emea', includeSubUnits: false }, window: { kind: 'calendar-month' as const } };
  const bound: KpiEvent = { type: 'KpiBoundToMetric', data: { kpiId: 'nps', binding, previous: null } };
  const bind = { type: 'BindKpiToMetric' as const, data: binding, context };

  it('binds a KPI to a metric over the calendar month it is read in', () => spec.given([defined]).when(bind).then([bound]));
  it('re-binds another way from then, and refuses manual check-ins while bound', () => {
    spec.given([defined, bound]).when({ ...bind, data: { ...binding, window: { kind: 'all-time' } } }).then([
      { type: 'KpiBoundToMetric', data: { kpiId: 'nps', binding: { ...binding, window: { kind: 'all-time' } }, previous: binding } },
    ]);
    spec.given([defined, bound]).when({ type: 'RecordKpiCheckIn', data: { value: 42, confidence: 'on-track' }, context }).thenThrows(RuleViolationError, /takes its value/);
  });
});
