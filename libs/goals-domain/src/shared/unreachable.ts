/** The `never` check of an exhaustive switch: the compiler proves this is never called. */
export function unreachable(value: never): never {
  throw new Error(`unhandled case ${JSON.stringify((value as { type?: string })?.type ?? value)}`);
}
