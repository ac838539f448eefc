import { assertFinite, checkInOf, holdingCheckIn } from '../shared/check-in';
import { assertCycleClosed, assertCycleOpen, assertReason } from '../shared/cycle-status';
import { Decider, TimedEvent } from '../shared/decider';
import { AlreadyExistsError, InvalidInputError, NotFoundError, RuleViolationError } from '../shared/domain-error';
import { validName } from '../shared/name';
import { unknownEventIgnored, unreachable } from '../shared/unreachable';
import { assertEffectiveWithin, assertNotBackdated } from '../shared/valid-time';
import { assertNotBoundAt, bindingToRecord, withBindingPeriod } from '../metric-binding/binding-periods';
import { AddKeyResult, ObjectiveCommand } from './objective.commands';
import { ObjectiveEvent } from './objective.events';
import { KeyResult, MetricDefinition, MilestoneDefinition, ObjectiveState } from './objective.state';

export function initialState(): ObjectiveState {
  return {
    status: 'undefined',
    id: '',
    cycleId: '',
    title: '',
    owner: { type: 'team', id: '' },
    commitment: 'committed',
    parents: [],
    keyResults: {},
    definedEffectiveAt: '',
    warnings: [],
  };
}

export function decide(command: ObjectiveCommand, state: ObjectiveState): ObjectiveEvent[] {
  if (command.type === 'DefineObjective') {
    if (state.status !== 'undefined') throw new AlreadyExistsError(`objective ${state.id} already exists`, 'objectiveId');
    assertCycleOpen(command.data.cycleStatus);
    assertEffectiveWithin(command.context);
    const { objectiveId, cycleId, owner, commitment, individualObjectivesPolicy, description } = command.data;
    const warnings: string[] = [];
    if (owner.type === 'person') {
      if (individualObjectivesPolicy === 'refuse') {
        throw new RuleViolationError(
          'objectives belong to teams, departments and the company; track a person’s number as an individual target (or ask an admin to switch the policy to warn)',
          'owner',
        );
      }
      warnings.push('individual-objective');
    }
    const title = validName(command.data.title, 'title');
    return [{ type: 'ObjectiveDefined', data: { objectiveId, cycleId, title, ...(description ? { description } : {}), owner, commitment, warnings } }];
  }
  if (state.status === 'undefined') throw new NotFoundError('the objective does not exist');
  if (state.status === 'archived') throw new RuleViolationError(`objective ${state.id} is archived`);

  if (command.type === 'AmendKeyResultCheckIn') {
    assertCycleClosed(command.data.cycleStatus);
    assertReason(command.data.reason);
    const keyResult = existingKeyResult(state, command.data.keyResultId);
    assertEffectiveWithin(command.context, keyResult.addedEffectiveAt);
    assertNotBoundAt(keyResult.bindings, command.context.effectiveAt, `key result ${keyResult.id}`, 'keyResultId');
    const { keyResultId, value, confidence, note, reason } = command.data;
    assertCheckInValue(keyResult, value);
    const previousValue = keyResult.latestCheckIn?.value ?? null;
    return [{ type: 'KeyResultCheckInAmended', data: { keyResultId, value, confidence, ...(note ? { note } : {}), reason: reason.trim(), previousValue } }];
  }
  assertCycleOpen(command.data.cycleStatus);

  switch (command.type) {
    case 'AddKeyResult': {
      // May be dated back (to the cycle start, say), but not before the objective existed.
      assertEffectiveWithin(command.context, state.definedEffectiveAt);
      if (state.keyResults[command.data.keyResultId]) {
        throw new AlreadyExistsError(`key result ${command.data.keyResultId} already exists`, 'keyResultId');
      }
      const weight = command.data.weight ?? 1;
      assertWeight(weight);
      const title = validName(command.data.title, 'title');
      return [{ type: 'KeyResultAdded', data: { keyResultId: command.data.keyResultId, title, weight, definition: definitionOf(command) } }];
    }
    case 'ChangeKeyResultWeight': {
      assertNotBackdated(command.context);
      const keyResult = existingKeyResult(state, command.data.keyResultId);
      assertWeight(command.data.weight);
      if (command.data.weight === keyResult.weight) return [];
      return [{ type: 'KeyResultWeightChanged', data: { keyResultId: keyResult.id, weight: command.data.weight, previousWeight: keyResult.weight } }];
    }
    case 'RemoveKeyResult': {
      assertNotBackdated(command.context);
      const keyResult = existingKeyResult(state, command.data.keyResultId);
      return [{ type: 'KeyResultRemoved', data: { keyResultId: keyResult.id, title: keyResult.title } }];
    }
    case 'AlignToParent': {
      assertNotBackdated(command.context);
      const { parentObjectiveId, parentAncestorIds } = command.data;
      if (parentObjectiveId === state.id || parentAncestorIds.includes(state.id)) {
        throw new RuleViolationError('aligning to that objective would make a loop: it already contributes to this one', 'parentObjectiveId');
      }
      if (state.parents.includes(parentObjectiveId)) {
        throw new AlreadyExistsError(`already aligned to ${parentObjectiveId}`, 'parentObjectiveId');
      }
      return [{ type: 'ObjectiveAligned', data: { parentObjectiveId } }];
    }
    case 'RemoveAlignment': {
      assertNotBackdated(command.context);
      if (!state.parents.includes(command.data.parentObjectiveId)) {
        throw new NotFoundError(`not aligned to ${command.data.parentObjectiveId}`, 'parentObjectiveId');
      }
      return [{ type: 'AlignmentRemoved', data: { parentObjectiveId: command.data.parentObjectiveId } }];
    }
    case 'RecordKeyResultCheckIn': {
      // Not before the key result existed: as of such a time it has no place to show the value.
      const keyResult = existingKeyResult(state, command.data.keyResultId);
      assertEffectiveWithin(command.context, keyResult.addedEffectiveAt);
      assertNotBoundAt(keyResult.bindings, command.context.effectiveAt, `key result ${keyResult.id}`, 'keyResultId');
      const { keyResultId, value, confidence, note } = command.data;
      assertCheckInValue(keyResult, value);
      return [{ type: 'KeyResultCheckInRecorded', data: { keyResultId, value, confidence, ...(note ? { note } : {}) } }];
    }
    case 'ArchiveObjective':
      assertNotBackdated(command.context);
      return [{ type: 'ObjectiveArchived', data: { objectiveId: state.id } }];
    case 'BindKeyResultToMetric': {
      // May be dated back (to the key result's start, say): as of then the metric gives its value.
      const keyResult = existingKeyResult(state, command.data.keyResultId);
      assertEffectiveWithin(command.context, keyResult.addedEffectiveAt);
      if (keyResult.kind !== 'metric') throw new RuleViolationError('a milestone is done or not: only a metric key result can be bound to a metric', 'keyResultId');
      const { metric, aggregation, scope, window } = command.data;
      const recorded = bindingToRecord(keyResult.bindings, { metric, aggregation, scope, window }, command.context.effectiveAt);
      return recorded ? [{ type: 'KeyResultBoundToMetric', data: { keyResultId: keyResult.id, ...recorded } }] : [];
    }
    default:
      return unreachable(command);
  }
}

export function evolve(state: ObjectiveState, event: TimedEvent<ObjectiveEvent>): ObjectiveState {
  switch (event.type) {
    case 'ObjectiveDefined': {
      const { objectiveId, cycleId, title, description, owner, commitment, warnings } = event.data;
      return {
        ...state,
        status: 'active',
        id: objectiveId,
        cycleId,
        title,
        ...(description ? { description } : {}),
        owner,
        commitment,
        warnings,
        definedEffectiveAt: event.metadata.effectiveAt,
      };
    }
    case 'KeyResultAdded': {
      const { keyResultId, title, weight, definition } = event.data;
      return withKeyResult(state, { ...definition, id: keyResultId, title, weight, addedEffectiveAt: event.metadata.effectiveAt, latestCheckIn: null, checkInCount: 0, bindings: [] });
    }
    case 'KeyResultWeightChanged':
      return updateKeyResult(state, event.data.keyResultId, () => ({ weight: event.data.weight }));
    case 'KeyResultRemoved': {
      const { [event.data.keyResultId]: _removed, ...keyResults } = state.keyResults;
      return { ...state, keyResults };
    }
    case 'ObjectiveAligned':
      return { ...state, parents: [...state.parents, event.data.parentObjectiveId] };
    case 'AlignmentRemoved':
      return { ...state, parents: state.parents.filter((id) => id !== event.data.parentObjectiveId) };
    case 'KeyResultCheckInRecorded':
    case 'KeyResultCheckInAmended': {
      const checkIn = checkInOf(event.data, event.metadata);
      return updateKeyResult(state, event.data.keyResultId, (kr) => ({ latestCheckIn: holdingCheckIn(kr.latestCheckIn, checkIn), checkInCount: kr.checkInCount + 1 }));
    }
    case 'ObjectiveArchived':
      return { ...state, status: 'archived' };
    case 'KeyResultBoundToMetric':
      return updateKeyResult(state, event.data.keyResultId, (kr) => ({ bindings: withBindingPeriod(kr.bindings, event.data.binding, event.metadata.effectiveAt) }));
    default:
      return unknownEventIgnored(state, event);
  }
}

export const objectiveDecider: Decider<ObjectiveCommand, ObjectiveEvent, ObjectiveState> = { decide, evolve, initialState, snapshotSchema: 'objective@5' };

function definitionOf(command: AddKeyResult): MetricDefinition | MilestoneDefinition {
  const data = command.data;
  if (data.kind === 'milestone') return { kind: 'milestone' };
  const { start, target, unit, direction } = data;
  assertFinite(start, 'start');
  assertFinite(target, 'target');
  if (direction === 'increase' && !(target > start)) throw new InvalidInputError('an increasing key result needs a target above its start', 'target');
  if (direction === 'decrease' && !(target < start)) throw new InvalidInputError('a decreasing key result needs a target below its start', 'target');
  return { kind: 'metric', start, target, unit: validName(unit, 'unit'), direction };
}

function existingKeyResult(state: ObjectiveState, keyResultId: string): KeyResult {
  const keyResult = state.keyResults[keyResultId];
  if (!keyResult) throw new NotFoundError(`key result ${keyResultId} does not exist`, 'keyResultId');
  return keyResult;
}

function assertWeight(weight: number): void {
  if (!Number.isFinite(weight) || weight < 0) throw new InvalidInputError('weight must be a number of at least 0', 'weight');
}

function assertCheckInValue(keyResult: KeyResult, value: number): void {
  assertFinite(value, 'value');
  if (keyResult.kind === 'milestone' && value !== 0 && value !== 1) {
    throw new InvalidInputError('a milestone is reported as 1 (done) or 0 (not done)', 'value');
  }
}

function withKeyResult(state: ObjectiveState, keyResult: KeyResult): ObjectiveState {
  return { ...state, keyResults: { ...state.keyResults, [keyResult.id]: keyResult } };
}

function updateKeyResult(state: ObjectiveState, keyResultId: string, change: (kr: KeyResult) => Partial<KeyResult>): ObjectiveState {
  const keyResult = state.keyResults[keyResultId];
  return keyResult ? withKeyResult(state, { ...keyResult, ...change(keyResult) } as KeyResult) : state;
}
