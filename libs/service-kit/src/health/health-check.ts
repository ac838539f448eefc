/**
 * Injection token: a `HealthCheck` or a `HealthCheck[]`. Any module may provide it (the event-store
 * module, the bus module); readiness runs the checks of all of them.
 */
export const HEALTH_CHECKS = Symbol('HEALTH_CHECKS');

/** A dependency the service needs to do its work (event store, bus, read store). */
export interface HealthCheck {
  name: string;
  /** Resolves when the dependency answers; rejects with the reason otherwise. */
  check(): Promise<void>;
}

export const HEALTH_OPTIONS = Symbol('HEALTH_OPTIONS');

export interface HealthOptions {
  /** A check that has not answered by then counts as down (default 3000 ms). */
  timeoutMs?: number;
}
