import { foldEvents, InvalidInputError, KpiEvent, NotFoundError, RuleViolationError } from '@okr/goals-domain';
import { at, DeciderSpecification } from '@okr/testing';
import { kpiHealth } from './kpi-status';
import { kpiDecider } from './kpi.decider';

const spec = DeciderSpecification.for(kpiDecider);
const context = at('2027-02-01T09:00:00.000Z');
const defined: KpiEvent = { type: 'KpiDefined', data: { kpiId: 'nps', unitId: 'emea', name: 'NPS', unit: 'points', goal: { direction: 'stay-above', target: 40 } } };
const band: KpiEvent = { type: 'KpiDefined', data: { kpiId: 'lat', unitId: 'emea', name: 'Latency', unit: 'ms', goal: { direction: 'within-band', band: { min: 100, max: 300 } } } };
const times = { effectiveAt: '2027-01-01T00:00:00.000Z', recordedAt: '2027-01-01T00:00:00.000Z' };
const reading = (value: number): KpiEvent & { metadata: typeof times } => ({ type: 'KpiCheckInRecorded', data: { value, confidence: 'on-track' }, metadata: times });

describe('KPI', () => {
  const define = (goal: { direction: 'stay-above' | 'within-band'; target?: number; band?: { min: number; max: number } }, unitActive = true) => ({
    type: 'DefineKpi' as const,
    data: { kpiId: 'nps', unitId: 'emea', unitActive, name: 'NPS', unit: 'points', ...goal },
    context,
  });
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
    expect(kpiHealth(foldEvents(kpiDecider, [withTimes(defined)]))).toBe('no-data');
    expect(kpiHealth(foldEvents(kpiDecider, [withTimes(defined), reading(40)]))).toBe('healthy');
    expect(kpiHealth(foldEvents(kpiDecider, [withTimes(defined), reading(39)]))).toBe('unhealthy');
    expect(kpiHealth(foldEvents(kpiDecider, [withTimes(band), reading(250)]))).toBe('healthy');
    expect(kpiHealth(foldEvents(kpiDecider, [withTimes(band), reading(301)]))).toBe('unhealthy');
  });
});
