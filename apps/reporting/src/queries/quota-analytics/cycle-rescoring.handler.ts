import { Inject, Injectable } from '@nestjs/common';
import { minGroupSizeFor, NotFoundError, ObjectiveScore, RuleViolationError, scoreObjective } from '@okr/goals-domain';
import { MIN_GROUP_SIZE } from '../../application/config.tokens';
import { Viewer } from '../../application/viewer';
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
  /** Null, with `withheld` saying why, when one of its key results' scores is withheld from the viewer. */
  recorded: number | null;
  rescored: number | null;
  withheld?: string;
  keyResults: { keyResultId: string; title: string; recorded: number | null; rescored: number | null; withheld?: string }[];
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
    @Inject(MIN_GROUP_SIZE) private readonly minGroupSize: number,
  ) {}

  /** A key result's score is its value scaled: withheld from whoever may not see the value, and so its objective's and the mean. */
  rescore(cycleId: string, rule: string, basis: RescoringBasis, at: Instant, viewer: Viewer) {
    const cycle = this.histories.cycleAt(cycleId, at);
    if (!cycle) throw new NotFoundError(`cycle ${cycleId} did not exist at that time`, 'cycleId');
    if (cycle.status !== 'closed' || !cycle.closedAt) throw new RuleViolationError(`cycle ${cycleId} was not closed at that time: only a closed cycle has recorded scores to compare with`, 'cycleId');
    const closedAt = Date.parse(cycle.closedAt);
    const objectivesAt: Instant = basis === 'at-close' ? { asOf: closedAt, knownAt: closedAt } : at;
    // Bound key results as the cycle froze them (or as accepted since): the values the recorded scores came from.
    const values = this.values.at(objectivesAt, cycleId);
    const orgNow = this.histories.organizationAt({ asOf: Infinity, knownAt: Infinity });
    const minGroupSize = minGroupSizeFor(this.minGroupSize, orgNow);
    const objectives = cycle.scores.flatMap((recorded): RescoredObjective[] => {
      const objective = this.histories.objectiveAt(recorded.objectiveId, objectivesAt);
      if (!objective) return [];
      const rescored = scoreObjective(objective.state, (kr) => values.value(kr, { kind: 'objective', id: recorded.objectiveId, keyResultId: kr.id }), rule);
      const keyResults = rescored.keyResults.map(({ keyResultId, score }) => {
        const title = objective.state.keyResults[keyResultId].title;
        const disclosure = values.disclosure(objective.state.keyResults[keyResultId], { kind: 'objective', id: recorded.objectiveId, keyResultId }, orgNow, viewer, minGroupSize);
        if (disclosure.withheld) return { keyResultId, title, recorded: null, rescored: null, withheld: disclosure.reason };
        return { keyResultId, title, recorded: recordedKeyResult(recorded, keyResultId), rescored: score };
      });
      const withheld = keyResults.some((kr) => kr.withheld) ? 'withheld: the score of one of its key results is withheld from you' : undefined;
      return [
        {
          objectiveId: recorded.objectiveId,
          title: objective.state.title,
          owner: objective.state.owner,
          recorded: withheld ? null : recorded.score,
          rescored: withheld ? null : rescored.score,
          ...(withheld ? { withheld } : {}),
          keyResults,
        },
      ];
    });
    // A mean beside the other objectives' scores would give a withheld one away.
    const meanWithheld = objectives.some((o) => o.withheld);
    return {
      cycle: { ...cycleFigureOf(cycle), closedAt: cycle.closedAt },
      ...instantFiguresOf(at),
      recordedRule: cycle.scoringRule ?? null,
      rule,
      basis,
      mean: meanWithheld
        ? { recorded: null, rescored: null, withheld: 'withheld: an objective’s score is withheld from you' }
        : { recorded: meanOf(objectives.map((o) => o.recorded as number)), rescored: meanOf(objectives.map((o) => o.rescored as number)) },
      objectives,
    };
  }
}

const recordedKeyResult = (recorded: ObjectiveScore, keyResultId: string) => recorded.keyResults.find((k) => k.keyResultId === keyResultId)?.score ?? null;

const meanOf = (scores: number[]) => (scores.length ? scores.reduce((sum, s) => sum + s, 0) / scores.length : null);
