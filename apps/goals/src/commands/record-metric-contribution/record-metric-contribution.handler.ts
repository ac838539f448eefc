import { Injectable } from '@nestjs/common';
import { MetricDataPointMessage } from '@okr/contracts';
import { contributionDataOf, MetricContributionData, scopeCovers } from '@okr/goals-domain';
import { ChangeOrigin } from '../../application/aggregate-repository';
import { BoundGoalRef, boundGoalKey } from '../../application/bound-goal';
import { BoundGoals } from '../../application/bound-goals';
import { GoalLookups } from '../../application/goal-lookups';
import { MetricBindingIndex } from '../../application/metric-binding-index';

/** The data points of a batch that one goal records, in the batch's order. */
interface GoalContributions {
  goal: BoundGoalRef;
  contributions: { request: { type: 'RecordMetricContribution'; data: { dataPoint: MetricContributionData } }; origin: ChangeOrigin }[];
}

/**
 * Data points from metrics-ingestion: every goal bound to a point's metric whose scope covers its
 * subject records it (each goal applies a record's version once, so redelivery changes nothing).
 * The events carry the integration as actor, the message's correlation id, the data point as
 * cause, and its occurrence as valid time. A batch is grouped per goal and written at once, so it
 * costs one write however many goals and points it holds.
 */
@Injectable()
export class RecordMetricContributionHandler {
  constructor(
    private readonly index: MetricBindingIndex,
    private readonly lookups: GoalLookups,
    private readonly goals: BoundGoals,
  ) {}

  /** How many goals recorded something from the batch. */
  async recordAll(points: MetricDataPointMessage[]): Promise<number> {
    const perGoal = await this.contributionsPerGoal(points);
    // One write for every goal the batch moves; conflicts are re-read and retried by the repository,
    // and a failure leaves the batch to the bus's retries.
    const results = await this.goals.executeEach(perGoal.map(({ goal, contributions }) => ({ goal, requests: contributions })));
    return results.filter((result) => result.events.length > 0).length;
  }

  private async contributionsPerGoal(points: MetricDataPointMessage[]): Promise<GoalContributions[]> {
    const perGoal = new Map<string, GoalContributions>();
    const bindingsOf = new Map<string, ReturnType<MetricBindingIndex['bindingsOf']>>();
    let org: ReturnType<GoalLookups['organization']> | undefined;
    for (const point of points) {
      if (!bindingsOf.has(point.metric)) bindingsOf.set(point.metric, this.index.bindingsOf(point.metric));
      const bound = await bindingsOf.get(point.metric)!;
      if (!bound.length) continue;
      org ??= this.lookups.organization();
      const origin: ChangeOrigin = { actor: point.actor, correlationId: point.correlationId, causationId: point.dataPointId, effectiveAt: point.occurredAt };
      const request = { type: 'RecordMetricContribution' as const, data: { dataPoint: contributionDataOf(point) } };
      for (const { goal, binding } of bound) {
        if (!scopeCovers(await org, binding.scope, point.subject)) continue;
        const key = boundGoalKey(goal);
        let entry = perGoal.get(key);
        if (!entry) perGoal.set(key, (entry = { goal, contributions: [] }));
        entry.contributions.push({ request, origin });
      }
    }
    return [...perGoal.values()];
  }
}
