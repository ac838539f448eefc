/**
 * Jest global setup of the integration suites: when no DATABASE_URL is given and a container
 * runtime answers, start PostgreSQL in a container and hand its URL to the suites.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.DATABASE_URL) return;
  const { getContainerRuntimeClient } = await import('testcontainers');
  try {
    await getContainerRuntimeClient();
  } catch {
    return; // no runtime: the suites skip (or fail under CI) and say why
  }
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const container = await new PostgreSqlContainer('postgres:16').start();
  process.env.DATABASE_URL = container.getConnectionUri();
  (globalThis as { __postgresContainer?: { stop(): Promise<unknown> } }).__postgresContainer = container;
}
