import { assertFinite, checkInOf, holdingCheckIn } from '../shared/check-in';
import { assertCycleClosed, assertCycleOpen, assertReason } from '../shared/cycle-status';
import { Decider, TimedEvent } from '../shared/decider';
import { BatchEvolving, PrivateCopies } from '../shared/fold';
import { AlreadyExistsError, InvalidInputError, NotFoundError, RuleViolationError } from '../shared/domain-error';
import { validName } from '../shared/name';
import { unknownEventIgnored, unreachable } from '../shared/unreachable';
import { assertEffectiveWithin, assertNotBackdated } from '../shared/valid-time';
import { assertMetricKey } from '../metric-binding/metric-binding';
import { bindingToRecord, boundMetricOf, evolveAllWithContributions, MetricContributionEvent, withContribution } from '../metric-binding/metric-contribution';
import { decideMetricContribution } from '../metric-binding/metric-contribution.rules';
import { IndividualTargetCommand } from './individual-target.commands';
import { IndividualTargetEvent } from './individual-target.events';
import { IndividualTargetState } from './individual-target.state';


export function initialState(): IndividualTargetState {
  return {
    status: 'undefined',
    id: '',
    personId: '',
    unitId: '',
    cycleId: '',
    metric: '',
    unit: '',
    originalTarget: 0,
    currentTarget: 0,
    revisions: [],
    visibility: 'private',
    latestCheckIn: null,
    checkInCount: 0,
    definedEffectiveAt: '',
  };
}

export function decide(command: IndividualTargetCommand, state: IndividualTargetState): IndividualTargetEvent[] {
  if (command.type === 'SetTarget') {
    if (state.status !== 'undefined') throw new AlreadyExistsError(`target ${state.id} already exists`, 'targetId');
    assertCycleOpen(command.data.cycleStatus);
    assertEffectiveWithin(command.context);
    const { targetId, personId, unitId, cycleId, metric, targetValue, personIsMemberOfUnit } = command.data;
    if (!personIsMemberOfUnit) throw new RuleViolationError(`person ${personId} is not a member of unit ${unitId}`, 'personId');
    assertMetricKey(metric);
    assertPositive(targetValue);
    return [
      {
        type: 'TargetSet',
        data: { targetId, personId, unitId, cycleId, metric, unit: validName(command.data.unit, 'unit'), targetValue, visibility: 'private' },
      },
    ];
  }
  if (state.status === 'undefined') throw new NotFoundError('the target does not exist');
  switch (command.type) {
    case 'ReviseTarget': {
      assertCycleOpen(command.data.cycleStatus);
      assertNotBackdated(command.context);
      assertReason(command.data.reason);
      assertPositive(command.data.targetValue);
      if (command.data.targetValue === state.currentTarget) {
        throw new InvalidInputError(`the target is already ${state.currentTarget}`, 'targetValue');
      }
      return [{ type: 'TargetRevised', data: { targetValue: command.data.targetValue, previousTargetValue: state.currentTarget, reason: command.data.reason.trim() } }];
    }
    case 'RecordTargetCheckIn': {
      assertCycleOpen(command.data.cycleStatus);
      assertNotBound(state);
      assertEffectiveWithin(command.context, state.definedEffectiveAt);
      const { value, confidence, note } = command.data;
      assertFinite(value, 'value');
      return [{ type: 'TargetCheckInRecorded', data: { value, confidence, ...(note ? { note } : {}) } }];
    }
    case 'AmendTargetCheckIn': {
      assertCycleClosed(command.data.cycleStatus);
      assertNotBound(state);
      assertReason(command.data.reason);
      assertEffectiveWithin(command.context, state.definedEffectiveAt);
      const { value, confidence, note, reason } = command.data;
      assertFinite(value, 'value');
      const previousValue = state.latestCheckIn?.value ?? null;
      return [{ type: 'TargetCheckInAmended', data: { value, confidence, ...(note ? { note } : {}), reason: reason.trim(), previousValue } }];
    }
    case 'BindTargetToMetric': {
      assertCycleOpen(command.data.cycleStatus);
      assertNotBackdated(command.context);
      const { aggregation, window } = command.data;
      const binding = bindingToRecord(state.boundMetric, { metric: state.metric, aggregation, scope: { type: 'person', personId: state.personId }, window }, `target ${state.id}`, 'targetId');
      return binding ? [{ type: 'TargetBoundToMetric', data: { targetId: state.id, binding } }] : [];
    }
    case 'RecordMetricContribution':
    case 'AcceptMetricContribution':
    case 'RejectMetricContribution':
      return decideMetricContribution(state.boundMetric, command, {});
    default:
      return unreachable(command);
  }
}

export function evolve(state: IndividualTargetState, event: TimedEvent<IndividualTargetEvent>): IndividualTargetState {
  switch (event.type) {
    case 'TargetSet': {
      const { targetId, personId, unitId, cycleId, metric, unit, targetValue, visibility } = event.data;
      return {
        ...state,
        status: 'active',
        id: targetId,
        personId,
        unitId,
        cycleId,
        metric,
        unit,
        originalTarget: targetValue,
        currentTarget: targetValue,
        visibility,
        definedEffectiveAt: event.metadata.effectiveAt,
      };
    }
    case 'TargetRevised': {
      const revision = { from: event.data.previousTargetValue, to: event.data.targetValue, reason: event.data.reason, effectiveAt: event.metadata.effectiveAt };
      return { ...state, currentTarget: event.data.targetValue, revisions: [...state.revisions, revision] };
    }
    case 'TargetCheckInRecorded':
    case 'TargetCheckInAmended': {
      const checkIn = checkInOf(event.data, event.metadata);
      return { ...state, latestCheckIn: holdingCheckIn(state.latestCheckIn, checkIn), checkInCount: state.checkInCount + 1 };
    }
    case 'TargetBoundToMetric':
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
function contributionEvolved(state: IndividualTargetState, event: TimedEvent<MetricContributionEvent>, copies?: PrivateCopies): IndividualTargetState {
  return withContribution(state, event, event.metadata, copies);
}

export const individualTargetDecider: Decider<IndividualTargetCommand, IndividualTargetEvent, IndividualTargetState> & BatchEvolving<IndividualTargetEvent, IndividualTargetState> = {
  decide,
  evolve,
  evolveAll: evolveAllWithContributions(evolve, contributionEvolved),
  initialState,
  snapshotSchema: 'individual-target@3',
};

/** A bound target's value comes from its person's data points; a manual value would be silently ignored, so it is refused. */
function assertNotBound(state: IndividualTargetState): void {
  if (state.boundMetric) throw new RuleViolationError(`target ${state.id} takes its value from ${state.metric}; its data points move it`);
}

function assertPositive(targetValue: number): void {
  if (!Number.isFinite(targetValue) || targetValue <= 0) throw new InvalidInputError('a target must be a number above 0', 'targetValue');
}
