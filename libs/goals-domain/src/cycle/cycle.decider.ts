import { assertCycleClosed, assertCycleOpen, assertReason, CycleStatus } from '../shared/cycle-status';
import { Decider, TimedEvent } from '../shared/decider';
import { AlreadyExistsError, InvalidInputError, NotFoundError } from '../shared/domain-error';
import { validName } from '../shared/name';
import { unknownEventIgnored, unreachable } from '../shared/unreachable';
import { assertEffectiveWithin, assertNotBackdated } from '../shared/valid-time';
import { boundGoalKey, CycleGoalRef, describeGoal } from '../metric-binding/bound-goal-ref';
import { CycleCommand } from './cycle.commands';
import { CycleEvent, ScoreAmended } from './cycle.events';
import { CycleState, FrozenValue, ObjectiveScore } from './cycle.state';
import { scoringRules } from '../objective/scoring-rules';
import { fiscalQuarter } from './fiscal-quarter';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function initialState(): CycleState {
  return { status: 'undefined', id: '', name: '', kind: 'custom', startsOn: '', endsOn: '', scores: [], frozen: {}, definedEffectiveAt: '' };
}

export function decide(command: CycleCommand, state: CycleState): CycleEvent[] {
  switch (command.type) {
    case 'DefineQuarter': {
      // A cycle may be defined after the fact (last quarter, set up today), never ahead of now.
      assertEffectiveWithin(command.context);
      if (state.status !== 'undefined') throw new AlreadyExistsError(`cycle ${state.id} already exists`, 'cycleId');
      const { cycleId, fiscalYear, quarter, fiscalYearStartMonth } = command.data;
      const range = fiscalQuarter(fiscalYear, quarter, fiscalYearStartMonth);
      return [{ type: 'CycleDefined', data: { cycleId, name: `FY${fiscalYear} Q${quarter}`, kind: 'quarter', ...range, fiscalYear, quarter } }];
    }
    case 'DefineCustomCycle': {
      assertEffectiveWithin(command.context);
      if (state.status !== 'undefined') throw new AlreadyExistsError(`cycle ${state.id} already exists`, 'cycleId');
      const { cycleId, startsOn, endsOn } = command.data;
      for (const [field, value] of [['startsOn', startsOn], ['endsOn', endsOn]] as const) {
        if (!DATE.test(value) || Number.isNaN(Date.parse(value)) || new Date(value).toISOString().slice(0, 10) !== value) {
          throw new InvalidInputError(`${field} must be a date like 2027-01-31`, field);
        }
      }
      if (endsOn < startsOn) throw new InvalidInputError('endsOn cannot be before startsOn', 'endsOn');
      return [{ type: 'CycleDefined', data: { cycleId, name: validName(command.data.name), kind: 'custom', startsOn, endsOn } }];
    }
    case 'CloseCycle': {
      assertCycleOpen(definedStatus(state));
      assertEffectiveWithin(command.context, state.definedEffectiveAt);
      // The event names the rule so the cycle can be re-scored the same way later: it must exist.
      if (!Object.prototype.hasOwnProperty.call(scoringRules, command.data.scoringRule)) {
        throw new InvalidInputError(`unknown scoring rule ${command.data.scoringRule}; known: ${Object.keys(scoringRules).join(', ')}`, 'scoringRule');
      }
      const seen = new Set<string>();
      for (const objective of command.data.scores) {
        // One score per objective, or an amendment could not tell which one it corrects.
        if (seen.has(objective.objectiveId)) throw new InvalidInputError(`objective ${objective.objectiveId} is scored twice`, 'scores');
        seen.add(objective.objectiveId);
        assertScore(objective.score);
        objective.keyResults.forEach((kr) => assertScore(kr.score));
      }
      assertLedgerPosition(command.data.frozen.ledgerPosition);
      return [{ type: 'CycleClosed', data: { cycleId: state.id, scoringRule: command.data.scoringRule, scores: command.data.scores, frozen: command.data.frozen } }];
    }
    case 'AmendScore': {
      assertNotBackdated(command.context);
      assertCycleClosed(definedStatus(state));
      const { objectiveId, keyResultId, score, reason } = command.data;
      assertReason(reason);
      assertScore(score);
      const objective = state.scores.find((s) => s.objectiveId === objectiveId);
      if (!objective) throw new NotFoundError(`objective ${objectiveId} was not scored in ${state.id}`, 'objectiveId');
      const previousScore = keyResultId === undefined ? objective.score : objective.keyResults.find((kr) => kr.keyResultId === keyResultId)?.score;
      if (previousScore === undefined) throw new NotFoundError(`key result ${keyResultId} was not scored in ${state.id}`, 'keyResultId');
      return [{ type: 'ScoreAmended', data: { cycleId: state.id, objectiveId, ...(keyResultId === undefined ? {} : { keyResultId }), score, previousScore, reason: reason.trim() } }];
    }
    case 'AcceptBoundValue': {
      assertNotBackdated(command.context);
      const { goal, value, ledgerPosition, rescored } = command.data;
      const frozen = frozenValue(state, goal, command.data.reason);
      assertLedgerPosition(ledgerPosition);
      if (ledgerPosition < frozen.ledgerPosition) throw new InvalidInputError(`the value is frozen at ledger position ${frozen.ledgerPosition}; an amendment cannot go back`, 'ledgerPosition');
      if (ledgerPosition === frozen.ledgerPosition && value === frozen.value) return [];
      const reason = command.data.reason.trim();
      const amended: CycleEvent = {
        type: 'BoundValueAmended',
        data: { cycleId: state.id, goal, value, previousValue: frozen.value, ledgerPosition, previousLedgerPosition: frozen.ledgerPosition, reason },
      };
      return [amended, ...(goal.kind === 'objective' && rescored ? scoreAmendments(state, rescored, reason) : [])];
    }
    case 'RejectBoundValueDifference': {
      assertNotBackdated(command.context);
      const { goal, ledgerPosition } = command.data;
      const frozen = frozenValue(state, goal, command.data.reason);
      assertLedgerPosition(ledgerPosition);
      if (ledgerPosition <= frozen.reviewedUpTo) return [];
      return [{ type: 'BoundValueDifferenceRejected', data: { cycleId: state.id, goal, ledgerPosition, reason: command.data.reason.trim() } }];
    }
    default:
      return unreachable(command);
  }
}

export function evolve(state: CycleState, event: TimedEvent<CycleEvent>): CycleState {
  switch (event.type) {
    case 'CycleDefined': {
      const { cycleId, name, kind, startsOn, endsOn } = event.data;
      return { ...state, status: 'open', id: cycleId, name, kind, startsOn, endsOn, definedEffectiveAt: event.metadata.effectiveAt };
    }
    case 'CycleClosed': {
      const { ledgerPosition, values } = event.data.frozen;
      const frozen = Object.fromEntries(values.map(({ goal, value }): [string, FrozenValue] => [boundGoalKey(goal), { goal, value, ledgerPosition, reviewedUpTo: ledgerPosition }]));
      return { ...state, status: 'closed', scoringRule: event.data.scoringRule, scores: event.data.scores, frozen, closedAt: event.metadata.recordedAt };
    }
    case 'BoundValueAmended': {
      const { goal, value, ledgerPosition } = event.data;
      return { ...state, frozen: { ...state.frozen, [boundGoalKey(goal)]: { goal, value, ledgerPosition, reviewedUpTo: ledgerPosition } } };
    }
    case 'BoundValueDifferenceRejected': {
      const key = boundGoalKey(event.data.goal);
      const frozen = state.frozen[key];
      return frozen ? { ...state, frozen: { ...state.frozen, [key]: { ...frozen, reviewedUpTo: event.data.ledgerPosition } } } : state;
    }
    case 'ScoreAmended': {
      const { objectiveId, keyResultId, score } = event.data;
      const scores = state.scores.map((s): ObjectiveScore => {
        if (s.objectiveId !== objectiveId) return s;
        if (keyResultId === undefined) return { ...s, score };
        return { ...s, keyResults: s.keyResults.map((kr) => (kr.keyResultId === keyResultId ? { ...kr, score } : kr)) };
      });
      return { ...state, scores };
    }
    default:
      return unknownEventIgnored(state, event);
  }
}

export const cycleDecider: Decider<CycleCommand, CycleEvent, CycleState> = { decide, evolve, initialState, snapshotSchema: 'cycle@2' };

function definedStatus(state: CycleState): CycleStatus {
  if (state.status === 'undefined') throw new NotFoundError('the cycle does not exist');
  return state.status;
}

function assertScore(score: number): void {
  if (!Number.isFinite(score) || score < 0 || score > 1) throw new InvalidInputError('a score is a number from 0.0 to 1.0', 'score');
}

function frozenValue(state: CycleState, goal: CycleGoalRef, reason: string): FrozenValue {
  assertCycleClosed(definedStatus(state));
  assertReason(reason);
  const frozen = state.frozen[boundGoalKey(goal)];
  if (!frozen) throw new NotFoundError(`${describeGoal(goal)} was not bound to a metric when ${state.id} closed`, 'goal');
  return frozen;
}

/** The scores an accepted value changes: the key results' and the objective's, each against what is recorded. */
function scoreAmendments(state: CycleState, rescored: ObjectiveScore, reason: string): ScoreAmended[] {
  const recorded = state.scores.find((s) => s.objectiveId === rescored.objectiveId);
  if (!recorded) return [];
  const amended = (keyResultId: string | undefined, score: number, previousScore: number): ScoreAmended => ({
    type: 'ScoreAmended',
    data: { cycleId: state.id, objectiveId: rescored.objectiveId, ...(keyResultId === undefined ? {} : { keyResultId }), score, previousScore, reason },
  });
  const events: ScoreAmended[] = [];
  for (const keyResult of rescored.keyResults) {
    assertScore(keyResult.score);
    const previous = recorded.keyResults.find((kr) => kr.keyResultId === keyResult.keyResultId);
    if (previous && previous.score !== keyResult.score) events.push(amended(keyResult.keyResultId, keyResult.score, previous.score));
  }
  assertScore(rescored.score);
  if (rescored.score !== recorded.score) events.push(amended(undefined, rescored.score, recorded.score));
  return events;
}

function assertLedgerPosition(position: number): void {
  if (!Number.isInteger(position) || position < 0) throw new InvalidInputError('a ledger position is a whole number from 0', 'ledgerPosition');
}
