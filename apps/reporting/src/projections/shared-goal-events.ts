/**
 * How instances sharing one read store (MongoDB) see each other's goal events. Every write of a
 * batch of events takes numbers from the store's sequence (GOAL_EVENTS_SEQUENCE), and each instance
 * follows the numbers in order into its in-memory histories. A number is missing while its write
 * is in flight; a writer whose write took longer than WRITE_DEADLINE_MS writes its events again
 * under new numbers, so a follower that has seen a higher number for GAP_WAIT_MS may give up on a
 * missing one (its events are under newer numbers, or its writer died and the group redelivers
 * them). Durations only: no two machines' clocks are compared.
 */
export const GOAL_EVENTS_SEQUENCE = 'goal-events';
export const GAP_WAIT_MS = 2_000;
export const WRITE_DEADLINE_MS = GAP_WAIT_MS / 2;
