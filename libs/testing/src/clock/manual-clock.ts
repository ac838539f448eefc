/** A clock a test sets, so transaction time (recordedAt) is known exactly; it fits the service kit's Clock port. */
export class ManualClock {
  constructor(private current: Date) {}

  now(): Date {
    return new Date(this.current);
  }

  set(instant: string): void {
    this.current = new Date(instant);
  }
}
