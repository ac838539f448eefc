import { GoalEventMessage } from '@okr/contracts';

/**
 * A goal event as the read store keeps it: one document per (stream, version), so storing it
 * again, or late, changes nothing. Together they are the bitemporal history reporting answers from.
 */
export interface StoredGoalEvent {
  _id: string;
  streamId: string;
  streamVersion: number;
  globalPosition: number;
  type: string;
  data: Record<string, unknown>;
  actor: string;
  effectiveAt: string;
  recordedAt: string;
  [field: string]: unknown;
}

export const GOAL_EVENTS_COLLECTION = 'goal_events';

export function storedGoalEventOf(message: GoalEventMessage): StoredGoalEvent {
  const { streamId, streamVersion, globalPosition, type, data, metadata } = message;
  return { _id: `${streamId}@${streamVersion}`, streamId, streamVersion, globalPosition, type, data, actor: metadata.actor, effectiveAt: metadata.effectiveAt, recordedAt: metadata.recordedAt };
}
