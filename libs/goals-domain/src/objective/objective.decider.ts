import { assertFinite, checkInOf, holdingCheckIn } from '../shared/check-in';
import { assertCycleClosed, assertCycleOpen, assertReason } from '../shared/cycle-status';
import { Decider, TimedEvent } from '../shared/decider';
import { BatchEvolving, PrivateCopies } from '../shared/fold';
import { AlreadyExistsError, InvalidInputError, NotFoundError, RuleViolationError } from '../shared/domain-error';
import { validName } from '../shared/name';
import { unknownEventIgnored, unreachable } from '../shared/unreachable';
import { assertEffectiveWithin, assertNotBackdated } from '../shared/valid-time';
import { bindingToRecord, boundMetricOf, evolveAllWithContributions, withContribution } from '../metric-binding/metric-contribution';
import { decideMetricContribution } from '../metric-binding/metric-contribution.rules';
import { AddKeyResult, KeyResultContributionCommand, ObjectiveCommand } from './objective.commands';
import { KeyResultContributionEvent, ObjectiveEvent } from './objective.events';
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
  if (isContributionCommand(command)) return decideContribution(command, state);
  if (state.status === 'archived') throw new RuleViolationError(`objective ${state.id} is archived`);

  if (command.type === 'AmendKeyResultCheckIn') {
    assertCycleClosed(command.data.cycleStatus);
    assertReason(command.data.reason);
    const keyResult = existingKeyResult(state, command.data.keyResultId);
    assertNotBound(keyResult);
    assertEffectiveWithin(command.context, keyResult.addedEffectiveAt);
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
      assertNotBound(keyResult);
      assertEffectiveWithin(command.context, keyResult.addedEffectiveAt);
      const { keyResultId, value, confidence, note } = command.data;
      assertCheckInValue(keyResult, value);
      return [{ type: 'KeyResultCheckInRecorded', data: { keyResultId, value, confidence, ...(note ? { note } : {}) } }];
    }
    case 'ArchiveObjective':
      assertNotBackdated(command.context);
      return [{ type: 'ObjectiveArchived', data: { objectiveId: state.id } }];
    case 'BindKeyResultToMetric': {
      assertNotBackdated(command.context);
      const keyResult = existingKeyResult(state, command.data.keyResultId);
      if (keyResult.kind !== 'metric') throw new RuleViolationError('a milestone is done or not: only a metric key result can be bound to a metric', 'keyResultId');
      const { metric, aggregation, scope, window } = command.data;
      const binding = bindingToRecord(keyResult.boundMetric, { metric, aggregation, scope, window }, `key result ${keyResult.id}`, 'keyResultId');
      return binding ? [{ type: 'KeyResultBoundToMetric', data: { keyResultId: keyResult.id, binding } }] : [];
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
      return withKeyResult(state, { ...definition, id: keyResultId, title, weight, addedEffectiveAt: event.metadata.effectiveAt, latestCheckIn: null, checkInCount: 0 });
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
      return updateKeyResult(state, event.data.keyResultId, () => ({ boundMetric: boundMetricOf(event.data.binding) }));
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
function contributionEvolved(state: ObjectiveState, event: TimedEvent<KeyResultContributionEvent>, copies?: PrivateCopies): ObjectiveState {
  return updateKeyResult(state, event.data.keyResultId, (kr) => withContribution(kr, event, event.metadata, copies));
}

export const objectiveDecider: Decider<ObjectiveCommand, ObjectiveEvent, ObjectiveState> & BatchEvolving<ObjectiveEvent, ObjectiveState> = {
  decide,
  evolve,
  evolveAll: evolveAllWithContributions(evolve, contributionEvolved),
  initialState,
  snapshotSchema: 'objective@4',
};

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

const contributionCommands = new Set(['RecordMetricContribution', 'AcceptMetricContribution', 'RejectMetricContribution']);

function isContributionCommand(command: ObjectiveCommand): command is KeyResultContributionCommand {
  return contributionCommands.has(command.type);
}

/**
 * Data points keep arriving whatever happens to the goal: one for a key result that was removed, or
 * an objective that was archived, changes nothing rather than failing the consumer.
 */
function decideContribution(command: KeyResultContributionCommand, state: ObjectiveState) {
  const keyResult = state.keyResults[command.data.keyResultId];
  if (command.type === 'RecordMetricContribution' && (state.status === 'archived' || !keyResult)) return [];
  if (!keyResult) throw new NotFoundError(`key result ${command.data.keyResultId} does not exist`, 'keyResultId');
  return decideMetricContribution(keyResult.boundMetric, command, { keyResultId: keyResult.id });
}

/** A bound key result's value comes from its metric; a manual value would be silently ignored, so it is refused. */
function assertNotBound(keyResult: KeyResult): void {
  if (keyResult.boundMetric) {
    throw new RuleViolationError(`key result ${keyResult.id} takes its value from ${keyResult.boundMetric.binding.metric}; its data points move it`, 'keyResultId');
  }
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
