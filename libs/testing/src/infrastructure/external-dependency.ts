/**
 * Integration suites find their server in this order: a URL in the environment; else a container
 * the global setup started (it puts the URL in the environment too); else they skip with one line
 * saying what was missing. With CI=true a missing PostgreSQL, Kafka or MongoDB fails the run instead.
 */
export interface ExternalDependency {
  /** Shown in the skip line, e.g. 'PostgreSQL'. */
  name: string;
  /** e.g. 'DATABASE_URL'. */
  envVar: string;
  /** CI machines have it (PostgreSQL, Kafka, a MongoDB-wire server): there a missing server fails the run instead of skipping. */
  requiredInCi: boolean;
}

export const POSTGRES: ExternalDependency = { name: 'PostgreSQL', envVar: 'DATABASE_URL', requiredInCi: true };

export function describeWithDependency(title: string, dependency: ExternalDependency, suite: (url: string) => void): void {
  const url = process.env[dependency.envVar];
  if (url) {
    describe(title, () => suite(url));
    return;
  }
  const reason = `${dependency.name} not available: set ${dependency.envVar} or provide a container runtime for testcontainers`;
  if (process.env.CI === 'true' && dependency.requiredInCi) {
    describe(title, () => {
      it(`needs ${dependency.name}`, () => {
        throw new Error(`${reason} (CI=true: a skip would hide a failing adapter)`);
      });
    });
    return;
  }
  // Straight to stdout: Jest swallows console output of a file whose tests all skip.
  process.stdout.write(`skipped "${title}": ${reason}\n`);
  describe.skip(title, () => suite(''));
}

export const KAFKA: ExternalDependency = { name: 'Kafka', envVar: 'KAFKA_BROKERS', requiredInCi: true };

/** CI starts a MongoDB-wire test server (tools/mongo/mongo.sh), so there a missing one fails the run. */
export const MONGODB: ExternalDependency = { name: 'MongoDB', envVar: 'MONGODB_URL', requiredInCi: true };

/** Runs where a container runtime exists (testcontainers) or EVENTSTORE_URL names a server; skips elsewhere, CI included. */
export const EVENTSTOREDB: ExternalDependency = { name: 'EventStoreDB', envVar: 'EVENTSTORE_URL', requiredInCi: false };
