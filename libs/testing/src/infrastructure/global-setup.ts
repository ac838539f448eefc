/**
 * Jest global setup of the integration suites: for each server with no URL in the environment,
 * start a container when a container runtime answers, and hand its URL to the suites.
 * Where no runtime answers, the suites skip (or fail under CI) and say why.
 */
type Stoppable = { stop(): Promise<unknown> };

export default async function globalSetup(): Promise<void> {
  const needed = [!process.env.DATABASE_URL && 'postgres', !process.env.MONGODB_URL && 'mongodb', !process.env.EVENTSTORE_URL && 'eventstoredb'].filter(Boolean);
  if (!needed.length) return;
  const { getContainerRuntimeClient, GenericContainer, Wait } = await import('testcontainers');
  try {
    await getContainerRuntimeClient();
  } catch {
    return;
  }
  const containers: Stoppable[] = [];
  if (needed.includes('postgres')) {
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
    const container = await new PostgreSqlContainer('postgres:16').start();
    process.env.DATABASE_URL = container.getConnectionUri();
    containers.push(container);
  }
  if (needed.includes('mongodb')) {
    const { MongoDBContainer } = await import('@testcontainers/mongodb');
    const container = await new MongoDBContainer('mongo:7').start();
    process.env.MONGODB_URL = `${container.getConnectionString()}?directConnection=true`;
    containers.push(container);
  }
  if (needed.includes('eventstoredb')) {
    // Insecure single node in memory: no certificates to generate, nothing left on disk.
    const container = await new GenericContainer('eventstore/eventstore:24.10')
      .withEnvironment({ EVENTSTORE_INSECURE: 'true', EVENTSTORE_MEM_DB: 'true', EVENTSTORE_CLUSTER_SIZE: '1', EVENTSTORE_RUN_PROJECTIONS: 'None' })
      .withExposedPorts(2113)
      .withWaitStrategy(Wait.forHttp('/health/live', 2113).forStatusCode(204))
      .start();
    process.env.EVENTSTORE_URL = `esdb://${container.getHost()}:${container.getMappedPort(2113)}?tls=false`;
    containers.push(container);
  }
  (globalThis as { __containers?: Stoppable[] }).__containers = containers;
}
