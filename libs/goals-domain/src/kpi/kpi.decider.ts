import { assertFinite, checkInOf, holdingCheckIn } from '../shared/check-in';
import { Decider, TimedEvent } from '../shared/decider';
import { BatchEvolving, PrivateCopies } from '../shared/fold';
import { AlreadyExistsError, InvalidInputError, NotFoundError, RuleViolationError } from '../shared/domain-error';
import { validName } from '../shared/name';
import { unknownEventIgnored, unreachable } from '../shared/unreachable';
import { assertEffectiveWithin, assertNotBackdated } from '../shared/valid-time';
import { bindingToRecord, boundMetricOf, evolveAllWithContributions, MetricContributionEvent, withContribution } from '../metric-binding/metric-contribution';
import { decideMetricContribution } from '../metric-binding/metric-contribution.rules';
import { KpiCommand, KpiGoalInput } from './kpi.commands';
import { KpiEvent } from './kpi.events';
import { KpiGoal, KpiState } from './kpi.state';

export function initialState(): KpiState {
  return { status: 'undefined', id: '', unitId: '', name: '', unit: '', goal: { direction: 'increase', target: 0 }, latestCheckIn: null, checkInCount: 0, definedEffectiveAt: '' };
}

export function decide(command: KpiCommand, state: KpiState): KpiEvent[] {
  if (command.type === 'DefineKpi') {
    if (state.status !== 'undefined') throw new AlreadyExistsError(`KPI ${state.id} already exists`, 'kpiId');
    assertNotBackdated(command.context);
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
  // Data points keep arriving after a KPI is archived: they change nothing rather than fail the consumer.
  if (state.status === 'archived' && command.type === 'RecordMetricContribution') return [];
  if (state.status === 'archived') throw new RuleViolationError(`KPI ${state.id} is archived`);
  switch (command.type) {
    case 'ChangeKpiGoal': {
      assertNotBackdated(command.context);
      const goal = goalOf(command.data);
      if (JSON.stringify(goal) === JSON.stringify(state.goal)) return [];
      return [{ type: 'KpiGoalChanged', data: { goal, previousGoal: state.goal } }];
    }
    case 'RecordKpiCheckIn': {
      if (state.boundMetric) throw new RuleViolationError(`KPI ${state.id} takes its value from ${state.boundMetric.binding.metric}; its data points move it`);
      assertEffectiveWithin(command.context, state.definedEffectiveAt);
      const { value, confidence, note } = command.data;
      assertFinite(value, 'value');
      return [{ type: 'KpiCheckInRecorded', data: { value, confidence, ...(note ? { note } : {}) } }];
    }
    case 'ArchiveKpi':
      assertNotBackdated(command.context);
      return [{ type: 'KpiArchived', data: { kpiId: state.id } }];
    case 'BindKpiToMetric': {
      assertNotBackdated(command.context);
      const { metric, aggregation, scope, window } = command.data;
      const binding = bindingToRecord(state.boundMetric, { metric, aggregation, scope, window }, `KPI ${state.id}`, 'kpiId');
      return binding ? [{ type: 'KpiBoundToMetric', data: { kpiId: state.id, binding } }] : [];
    }
    case 'RecordMetricContribution':
    case 'AcceptMetricContribution':
    case 'RejectMetricContribution':
      return decideMetricContribution(state.boundMetric, command, {});
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
      return { ...state, boundMetric: boundMetricOf(event.data.binding) };
    case 'MetricContributionRecorded':
    case 'MetricContributionProposed':
    case 'MetricContributionAmended':
    case 'MetricContributionRejected':
      return contributionEvolved(state, event);
    default:
      return unknownEventIgnored(state, event);
  }
}

/** A contribution event, written into the fold's private copies when it folds a batch. */
function contributionEvolved(state: KpiState, event: TimedEvent<MetricContributionEvent>, copies?: PrivateCopies): KpiState {
  return withContribution(state, event, event.metadata, copies);
}

export const kpiDecider: Decider<KpiCommand, KpiEvent, KpiState> & BatchEvolving<KpiEvent, KpiState> = { decide, evolve, evolveAll: evolveAllWithContributions(evolve, contributionEvolved), initialState, snapshotSchema: 'kpi@3' };

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
