/** Runs the tasks given to it one after another, in the order given, whether the one before failed or not. */
export class OneAtATime {
  private last: Promise<unknown> = Promise.resolve();

  run<Result>(task: () => Promise<Result>): Promise<Result> {
    const next = this.last.then(task, task);
    this.last = next.catch(() => undefined);
    return next;
  }
}
