/** The `never` check of an exhaustive switch: the compiler proves this is never called. */
export function unreachable(value: never): never {
  throw new Error(`unhandled case ${JSON.stringify((value as { type?: string })?.type ?? value)}`);
}

/**
 * The `never` check for evolve: the compiler still proves every event type is handled, but at run
 * time an event this code does not know (written by a newer version) leaves the state as it was,
 * because evolve must be total: a fold never fails on history.
 */
export function unknownEventIgnored<S>(state: S, _event: never): S {
  return state;
}
