export default async function globalTeardown(): Promise<void> {
  for (const container of (globalThis as { __containers?: { stop(): Promise<unknown> }[] }).__containers ?? []) await container.stop();
}
