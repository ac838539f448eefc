/**
 * What a process's entry point does on SIGTERM or SIGINT (an orchestrator stopping a container,
 * Ctrl-C): run `stop` once — close the apps, which finishes in-flight messages and commits their
 * offsets — then exit 0, or 1 when stopping failed. A second signal while stopping is ignored.
 * Apps built by createHttpApp do not listen to signals themselves, so one process can hold several
 * (the all-in-one platform) and stop them in order.
 */
export function stopOnSignals(stop: () => Promise<void>, signals: NodeJS.Signals[] = ['SIGTERM', 'SIGINT']): void {
  let stopping = false;
  const onSignal = () => {
    if (stopping) return;
    stopping = true;
    stop().then(
      () => process.exit(0),
      (error) => {
        console.error(`stopping failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  for (const signal of signals) process.once(signal, onSignal);
}
