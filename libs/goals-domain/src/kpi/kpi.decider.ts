import { assertFinite, checkInOf, holdingCheckIn } from '../shared/check-in';
import { Decider, TimedEvent } from '../shared/decider';
import { AlreadyExistsError, InvalidInputError, NotFoundError, RuleViolationError } from '../shared/domain-error';
import { validName } from '../shared/name';
import { unknownEventIgnored, unreachable } from '../shared/unreachable';
import { assertEffectiveWithin, assertNotBackdated } from '../shared/valid-time';
import { assertNotBoundAt, bindingToRecord, withBindingPeriod } from '../metric-binding/binding-periods';
import { KpiCommand, KpiGoalInput } from './kpi.commands';
import { KpiEvent } from './kpi.events';
import { KpiGoal, KpiState } from './kpi.state';

export function initialState(): KpiState {
  return { status: 'undefined', id: '', unitId: '', name: '', unit: '', goal: { direction: 'increase', target: 0 }, latestCheckIn: null, checkInCount: 0, bindings: [], definedEffectiveAt: '' };
}

export function decide(command: KpiCommand, state: KpiState): KpiEvent[] {
  if (command.type === 'DefineKpi') {
    if (state.status !== 'undefined') throw new AlreadyExistsError(`KPI ${state.id} already exists`, 'kpiId');
    assertEffectiveWithin(command.context);
    const { kpiId, unitId, unitActive } = command.data;
    if (!unitActive) throw new NotFoundError(`unit ${unitId} does not exist or is archived`, 'unitId');
    return [
      {
        type: 'KpiDefined',
        data: { kpiId, unitId, name: validName(command.data.name), unit: validName(command.data.unit, 'unit'), goal: goalOf(command.data) },
      },
    ];
  }
  if (state.status === 'undefined') throw new NotFoundError('the KPI does not exist');
  if (state.status === 'archived') throw new RuleViolationError(`KPI ${state.id} is archived`);
  switch (command.type) {
    case 'ChangeKpiGoal': {
      assertNotBackdated(command.context);
      const goal = goalOf(command.data);
      if (JSON.stringify(goal) === JSON.stringify(state.goal)) return [];
      return [{ type: 'KpiGoalChanged', data: { goal, previousGoal: state.goal } }];
    }
    case 'RecordKpiCheckIn': {
      assertEffectiveWithin(command.context, state.definedEffectiveAt);
      assertNotBoundAt(state.bindings, command.context.effectiveAt, `KPI ${state.id}`);
      const { value, confidence, note } = command.data;
      assertFinite(value, 'value');
      return [{ type: 'KpiCheckInRecorded', data: { value, confidence, ...(note ? { note } : {}) } }];
    }
    case 'ArchiveKpi':
      assertNotBackdated(command.context);
      return [{ type: 'KpiArchived', data: { kpiId: state.id } }];
    case 'BindKpiToMetric': {
      assertEffectiveWithin(command.context, state.definedEffectiveAt);
      const { metric, aggregation, scope, window } = command.data;
      const recorded = bindingToRecord(state.bindings, { metric, aggregation, scope, window }, command.context.effectiveAt);
      return recorded ? [{ type: 'KpiBoundToMetric', data: { kpiId: state.id, ...recorded } }] : [];
    }
    default:
      return unreachable(command);
  }
}

export function evolve(state: KpiState, event: TimedEvent<KpiEvent>): KpiState {
  switch (event.type) {
    case 'KpiDefined': {
      const { kpiId, unitId, name, unit, goal } = event.data;
      return { ...state, status: 'active', id: kpiId, unitId, name, unit, goal, definedEffectiveAt: event.metadata.effectiveAt };
    }
    case 'KpiGoalChanged':
      return { ...state, goal: event.data.goal };
    case 'KpiCheckInRecorded': {
      const checkIn = checkInOf(event.data, event.metadata);
      return { ...state, latestCheckIn: holdingCheckIn(state.latestCheckIn, checkIn), checkInCount: state.checkInCount + 1 };
    }
    case 'KpiArchived':
      return { ...state, status: 'archived' };
    case 'KpiBoundToMetric':
      return { ...state, bindings: withBindingPeriod(state.bindings, event.data.binding, event.metadata.effectiveAt) };
    default:
      return unknownEventIgnored(state, event);
  }
}

export const kpiDecider: Decider<KpiCommand, KpiEvent, KpiState> = { decide, evolve, initialState, snapshotSchema: 'kpi@4' };

function goalOf(input: KpiGoalInput): KpiGoal {
  if (input.direction === 'within-band') {
    if (!input.band) throw new InvalidInputError('a within-band KPI needs a band', 'band');
    assertFinite(input.band.min, 'band.min');
    assertFinite(input.band.max, 'band.max');
    if (!(input.band.min < input.band.max)) throw new InvalidInputError('band.min must be below band.max', 'band');
    return { direction: 'within-band', band: { min: input.band.min, max: input.band.max } };
  }
  if (input.target === undefined) throw new InvalidInputError(`a ${input.direction} KPI needs a target`, 'target');
  assertFinite(input.target, 'target');
  return { direction: input.direction, target: input.target };
}
