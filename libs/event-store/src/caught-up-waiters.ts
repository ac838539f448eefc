interface Waiter {
  target: number;
  resolve(): void;
  reject(error: unknown): void;
}

/** The callers of a subscription's caughtUp(), each waiting until it has looked at everything up to its target. */
export class CaughtUpWaiters {
  private readonly waiting: Waiter[] = [];

  /** Whether anyone waits: a subscription reads the log's head only then. */
  get any(): boolean {
    return this.waiting.length > 0;
  }

  until(target: number): Promise<void> {
    return new Promise<void>((resolve, reject) => this.waiting.push({ target, resolve, reject }));
  }

  /** Lets go of those whose target has been reached. */
  settle(scannedUpTo: number): void {
    for (let i = this.waiting.length - 1; i >= 0; i--) {
      if (scannedUpTo >= this.waiting[i].target) this.waiting.splice(i, 1)[0].resolve();
    }
  }

  failAll(error: unknown): void {
    for (const waiter of this.waiting.splice(0)) waiter.reject(error);
  }

  /** The subscription stopped: nothing more will come. */
  releaseAll(): void {
    for (const waiter of this.waiting.splice(0)) waiter.resolve();
  }
}
