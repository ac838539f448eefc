import { assertCycleClosed, assertCycleOpen, assertReason, CycleStatus } from '../shared/cycle-status';
import { Decider, TimedEvent } from '../shared/decider';
import { AlreadyExistsError, InvalidInputError, NotFoundError } from '../shared/domain-error';
import { validName } from '../shared/name';
import { unknownEventIgnored, unreachable } from '../shared/unreachable';
import { assertNotBackdated } from '../shared/valid-time';
import { CycleCommand } from './cycle.commands';
import { CycleEvent } from './cycle.events';
import { CycleState, ObjectiveScore } from './cycle.state';
import { scoringRules } from '../objective/scoring-rules';
import { fiscalQuarter } from './fiscal-quarter';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function initialState(): CycleState {
  return { status: 'undefined', id: '', name: '', kind: 'custom', startsOn: '', endsOn: '', scores: [] };
}

export function decide(command: CycleCommand, state: CycleState): CycleEvent[] {
  assertNotBackdated(command.context);
  switch (command.type) {
    case 'DefineQuarter': {
      if (state.status !== 'undefined') throw new AlreadyExistsError(`cycle ${state.id} already exists`, 'cycleId');
      const { cycleId, fiscalYear, quarter, fiscalYearStartMonth } = command.data;
      const range = fiscalQuarter(fiscalYear, quarter, fiscalYearStartMonth);
      return [{ type: 'CycleDefined', data: { cycleId, name: `FY${fiscalYear} Q${quarter}`, kind: 'quarter', ...range, fiscalYear, quarter } }];
    }
    case 'DefineCustomCycle': {
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
      return [{ type: 'CycleClosed', data: { cycleId: state.id, scoringRule: command.data.scoringRule, scores: command.data.scores } }];
    }
    case 'AmendScore': {
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
    default:
      return unreachable(command);
  }
}

export function evolve(state: CycleState, event: TimedEvent<CycleEvent>): CycleState {
  switch (event.type) {
    case 'CycleDefined': {
      const { cycleId, name, kind, startsOn, endsOn } = event.data;
      return { ...state, status: 'open', id: cycleId, name, kind, startsOn, endsOn };
    }
    case 'CycleClosed':
      return { ...state, status: 'closed', scoringRule: event.data.scoringRule, scores: event.data.scores, closedAt: event.metadata.recordedAt };
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

export const cycleDecider: Decider<CycleCommand, CycleEvent, CycleState> = { decide, evolve, initialState, snapshotSchema: 'cycle@1' };

function definedStatus(state: CycleState): CycleStatus {
  if (state.status === 'undefined') throw new NotFoundError('the cycle does not exist');
  return state.status;
}

function assertScore(score: number): void {
  if (!Number.isFinite(score) || score < 0 || score > 1) throw new InvalidInputError('a score is a number from 0.0 to 1.0', 'score');
}
