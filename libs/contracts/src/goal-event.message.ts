import { z } from 'zod';

/** The topic every recorded goal event is published to, keyed by goalEventKeyOf (a stream, or one key result's values). */
export const GOAL_EVENTS_TOPIC = 'goals.events.v1';

const instant = z.iso.datetime({ offset: true });

/** Version 1 of a goal event on the bus: the event as recorded, with its place in the log. */
export const goalEventMessageSchema = z.object({
  streamId: z.string().min(1),
  streamVersion: z.number().int().positive(),
  globalPosition: z.number().int().positive(),
  type: z.string().min(1),
  data: z.record(z.string(), z.unknown()),
  metadata: z.object({
    eventId: z.string().min(1),
    actor: z.string().min(1),
    recordedAt: instant,
    effectiveAt: instant,
    correlationId: z.string().min(1),
    causationId: z.string().min(1),
    reason: z.string().optional(),
    schemaVersion: z.number().int().positive(),
  }),
  hash: z.string().min(1),
  prevHash: z.string().nullable(),
});

export type GoalEventMessage = z.infer<typeof goalEventMessageSchema>;
