import { assertFinite, checkInOf, holdingCheckIn } from '../shared/check-in';
import { assertCycleClosed, assertCycleOpen, assertReason } from '../shared/cycle-status';
import { Decider, TimedEvent } from '../shared/decider';
import { AlreadyExistsError, InvalidInputError, NotFoundError, RuleViolationError } from '../shared/domain-error';
import { validName } from '../shared/name';
import { unknownEventIgnored, unreachable } from '../shared/unreachable';
import { assertEffectiveWithin, assertNotBackdated } from '../shared/valid-time';
import { assertMetricKey } from '../metric-binding/metric-binding';
import { assertNotBoundAt, bindingToRecord, withBindingPeriod } from '../metric-binding/binding-periods';
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
    bindings: [],
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
      assertEffectiveWithin(command.context, state.definedEffectiveAt);
      assertNotBoundAt(state.bindings, command.context.effectiveAt, `target ${state.id}`);
      const { value, confidence, note } = command.data;
      assertFinite(value, 'value');
      return [{ type: 'TargetCheckInRecorded', data: { value, confidence, ...(note ? { note } : {}) } }];
    }
    case 'AmendTargetCheckIn': {
      assertCycleClosed(command.data.cycleStatus);
      assertReason(command.data.reason);
      assertEffectiveWithin(command.context, state.definedEffectiveAt);
      assertNotBoundAt(state.bindings, command.context.effectiveAt, `target ${state.id}`);
      const { value, confidence, note, reason } = command.data;
      assertFinite(value, 'value');
      const previousValue = state.latestCheckIn?.value ?? null;
      return [{ type: 'TargetCheckInAmended', data: { value, confidence, ...(note ? { note } : {}), reason: reason.trim(), previousValue } }];
    }
    case 'BindTargetToMetric': {
      // May be dated back to when the target took effect: as of then its person's facts give its value.
      assertCycleOpen(command.data.cycleStatus);
      assertEffectiveWithin(command.context, state.definedEffectiveAt);
      const { aggregation, window } = command.data;
      const recorded = bindingToRecord(state.bindings, { metric: state.metric, aggregation, scope: { type: 'person', personId: state.personId }, window }, command.context.effectiveAt);
      return recorded ? [{ type: 'TargetBoundToMetric', data: { targetId: state.id, ...recorded } }] : [];
    }
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
      return { ...state, bindings: withBindingPeriod(state.bindings, event.data.binding, event.metadata.effectiveAt) };
    default:
      return unknownEventIgnored(state, event);
  }
}

export const individualTargetDecider: Decider<IndividualTargetCommand, IndividualTargetEvent, IndividualTargetState> = { decide, evolve, initialState, snapshotSchema: 'individual-target@4' };

function assertPositive(targetValue: number): void {
  if (!Number.isFinite(targetValue) || targetValue <= 0) throw new InvalidInputError('a target must be a number above 0', 'targetValue');
}
