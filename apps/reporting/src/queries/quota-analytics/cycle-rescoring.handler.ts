import { Injectable } from '@nestjs/common';
import { NotFoundError, ObjectiveScore, RuleViolationError, scoreObjective } from '@okr/goals-domain';
import { GoalHistories } from '../../history/goal-histories';
import { ReportValues } from '../../application/report-values';
import { Instant } from '../../history/instant';
import { cycleFigureOf, instantFiguresOf } from '../../application/quota-table';

/** Which state of the objectives is re-scored: as known when the cycle closed (what the recorded scores were computed from), or at the query's instants (with corrections recorded since). */
export type RescoringBasis = 'at-close' | 'as-known';

export interface RescoredObjective {
  objectiveId: string;
  title: string;
  owner: { type: string; id: string };
  recorded: number;
  rescored: number;
  keyResults: { keyResultId: string; title: string; recorded: number | null; rescored: number }[];
}

/**
 * A closed cycle's objectives scored again under any rule version, beside the scores recorded at
 * close (with amendments, as known at the query's knownAt). Reads only: nothing recorded changes.
 */
@Injectable()
export class CycleRescoring {
  constructor(
    private readonly histories: GoalHistories,
    private readonly values: ReportValues,
  ) {}

  rescore(cycleId: string, rule: string, basis: RescoringBasis, at: Instant) {
    const cycle = this.histories.cycleAt(cycleId, at);
    if (!cycle) throw new NotFoundError(`cycle ${cycleId} did not exist at that time`, 'cycleId');
    if (cycle.status !== 'closed' || !cycle.closedAt) throw new RuleViolationError(`cycle ${cycleId} was not closed at that time: only a closed cycle has recorded scores to compare with`, 'cycleId');
    const closedAt = Date.parse(cycle.closedAt);
    const objectivesAt: Instant = basis === 'at-close' ? { asOf: closedAt, knownAt: closedAt } : at;
    // Bound key results as the cycle froze them (or as accepted since): the values the recorded scores came from.
    const values = this.values.at(objectivesAt, cycleId);
    const objectives = cycle.scores.flatMap((recorded): RescoredObjective[] => {
      const objective = this.histories.objectiveAt(recorded.objectiveId, objectivesAt);
      if (!objective) return [];
      const rescored = scoreObjective(objective.state, (kr) => values.value(kr, { kind: 'objective', id: recorded.objectiveId, keyResultId: kr.id }), rule);
      return [
        {
          objectiveId: recorded.objectiveId,
          title: objective.state.title,
          owner: objective.state.owner,
          recorded: recorded.score,
          rescored: rescored.score,
          keyResults: rescored.keyResults.map(({ keyResultId, score }) => ({
            keyResultId,
            title: objective.state.keyResults[keyResultId].title,
            recorded: recordedKeyResult(recorded, keyResultId),
            rescored: score,
          })),
        },
      ];
    });
    return {
      cycle: { ...cycleFigureOf(cycle), closedAt: cycle.closedAt },
      ...instantFiguresOf(at),
      recordedRule: cycle.scoringRule ?? null,
      rule,
      basis,
      mean: { recorded: meanOf(objectives.map((o) => o.recorded)), rescored: meanOf(objectives.map((o) => o.rescored)) },
      objectives,
    };
  }
}

const recordedKeyResult = (recorded: ObjectiveScore, keyResultId: string) => recorded.keyResults.find((k) => k.keyResultId === keyResultId)?.score ?? null;

const meanOf = (scores: number[]) => (scores.length ? scores.reduce((sum, s) => sum + s, 0) / scores.length : null);
