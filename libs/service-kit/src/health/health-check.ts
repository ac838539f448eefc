export const HEALTH_CHECKS = Symbol('HEALTH_CHECKS');

/** A dependency the service needs to do its work (event store, bus, read store). */
export interface HealthCheck {
  name: string;
  /** Resolves when the dependency answers; rejects with the reason otherwise. */
  check(): Promise<void>;
}
