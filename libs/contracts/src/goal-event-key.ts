/** Events that carry one key result's value: a key result's values are ordered among themselves, not with the rest of the objective. */
const KEY_RESULT_VALUE_EVENTS = new Set(['KeyResultCheckInRecorded', 'KeyResultCheckInAmended']);

/**
 * The message key of a goal event on goals.events.v1: what keeps its order with the events it must
 * follow. An objective's check-ins are most of its events and each key result's values only need
 * their own order (a later check-in or amendment holds over an earlier one), so they are keyed by
 * key result: a busy objective spreads over as many partitions as it has key results instead of
 * making one hot. Every other event is keyed by its stream: definitions, weights, bindings and
 * archiving fold in stream order, as do a KPI's or a target's values (one series per stream), and
 * the organisation's changes refer to one another (a membership needs its unit and person).
 * A consumer that needs a whole stream in order sorts by streamVersion, which every message carries.
 */
export function goalEventKeyOf(event: { streamId: string; type: string; data: unknown }): string {
  const keyResultId = KEY_RESULT_VALUE_EVENTS.has(event.type) ? (event.data as { keyResultId?: unknown } | null)?.keyResultId : undefined;
  return typeof keyResultId === 'string' ? `${event.streamId}/${keyResultId}` : event.streamId;
}
