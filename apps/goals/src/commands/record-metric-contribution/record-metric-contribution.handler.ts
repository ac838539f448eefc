import { Injectable } from '@nestjs/common';
import { MetricDataPointMessage } from '@okr/contracts';
import { contributionDataOf, scopeCovers } from '@okr/goals-domain';
import { ChangeOrigin } from '../../application/aggregate-repository';
import { BoundGoals } from '../../application/bound-goals';
import { GoalLookups } from '../../application/goal-lookups';
import { MetricBindingIndex } from '../../application/metric-binding-index';

/**
 * One data point from metrics-ingestion: every goal bound to its metric whose scope covers its
 * subject records it (each goal applies a record's version once, so redelivery changes nothing).
 * The events carry the integration as actor, the message's correlation id, the data point as
 * cause, and its occurrence as valid time.
 */
@Injectable()
export class RecordMetricContributionHandler {
  constructor(
    private readonly index: MetricBindingIndex,
    private readonly lookups: GoalLookups,
    private readonly goals: BoundGoals,
  ) {}

  /** How many goals recorded something. */
  async record(point: MetricDataPointMessage): Promise<number> {
    const bound = await this.index.bindingsOf(point.metric);
    if (!bound.length) return 0;
    const org = await this.lookups.organization();
    const origin: ChangeOrigin = { actor: point.actor, correlationId: point.correlationId, causationId: point.dataPointId, effectiveAt: point.occurredAt };
    const dataPoint = contributionDataOf(point);
    let moved = 0;
    for (const { goal, binding } of bound) {
      if (!scopeCovers(org, binding.scope, point.subject)) continue;
      // Conflicts are re-read and retried by the repository; a failure leaves the message to the bus's retries.
      const result = await this.goals.execute(goal, { type: 'RecordMetricContribution', data: { dataPoint } }, origin);
      if (result.events.length) moved++;
    }
    return moved;
  }
}
