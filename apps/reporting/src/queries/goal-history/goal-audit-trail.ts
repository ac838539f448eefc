import { Inject, Injectable } from '@nestjs/common';
import { diffStates, individualTargetDecider, kpiDecider, NotFoundError, objectiveDecider, StateChange } from '@okr/goals-domain';
import { READ_STORE, ReadStore } from '@okr/read-store';
import { maySeeRow, Viewer } from '../../application/viewer';
import { GoalHistories } from '../../history/goal-histories';
import { goalStreamOf } from '../../history/goal-stream';
import { GOAL_EVENTS_COLLECTION, StoredGoalEvent } from '../../history/stored-goal-event';

export type AuditedGoalKind = 'objective' | 'kpi' | 'target';

export interface GoalChange {
  version: number;
  type: string;
  actor: string;
  recordedAt: string;
  effectiveAt: string;
  reason: string | null;
  data: Record<string, unknown>;
  /** The leaves of the goal's state this event changed (empty when withheld). */
  changes: StateChange[];
}

interface Folding {
  evolve(state: unknown, event: unknown): unknown;
  initialState(): unknown;
}

const deciders: Record<AuditedGoalKind, Folding> = {
  objective: objectiveDecider as unknown as Folding,
  kpi: kpiDecider as unknown as Folding,
  target: individualTargetDecider as unknown as Folding,
};

/**
 * A goal's audit trail from the goal events reporting keeps: each change with who made it, both
 * times, why, and what it changed in the goal's state (folded with the domain's own evolve). An
 * individual target's trail is only for those who may see the target. Goal streams hold goal
 * changes only: the facts behind a bound goal's value are in the metric ledger, not here.
 */
@Injectable()
export class GoalAuditTrail {
  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    private readonly histories: GoalHistories,
  ) {}

  async changes(kind: AuditedGoalKind, id: string, viewer: Viewer, knownAt?: number): Promise<GoalChange[]> {
    const events = await this.readStore
      .collection<StoredGoalEvent>(GOAL_EVENTS_COLLECTION)
      .find({ streamId: goalStreamOf(kind, id) }, { sort: { streamVersion: 1 } });
    const now = { asOf: Infinity, knownAt: Infinity };
    const orgNow = this.histories.organizationAt(now);
    const target = kind === 'target' ? this.histories.targetAt(id, now) : null;
    // One answer for "does not exist" and "not yours": not even a private target's existence leaks.
    if (!events.length || (kind === 'target' && (!target || !maySeeRow(orgNow, viewer, target.state)))) {
      throw new NotFoundError(`${kind} ${id} does not exist`, 'id');
    }
    const decider = deciders[kind];
    let state = decider.initialState();
    const trail: GoalChange[] = [];
    for (const event of events) {
      // Stream order is transaction-time order: what was known at K is a prefix.
      if (knownAt !== undefined && Date.parse(event.recordedAt) > knownAt) break;
      const next = decider.evolve(state, { type: event.type, data: event.data, metadata: { effectiveAt: event.effectiveAt, recordedAt: event.recordedAt } });
      const change: GoalChange = {
        version: event.streamVersion,
        type: event.type,
        actor: event.actor,
        recordedAt: event.recordedAt,
        effectiveAt: event.effectiveAt,
        reason: reasonOf(event),
        data: event.data,
        changes: diffStates(state, next),
      };
      state = next;
      trail.push(change);
    }
    return trail;
  }
}

/** The event's own reason (kept by the projection when the message carries one), else the one its data names. */
function reasonOf(event: StoredGoalEvent): string | null {
  if (typeof event.reason === 'string') return event.reason;
  return typeof event.data.reason === 'string' ? event.data.reason : null;
}
