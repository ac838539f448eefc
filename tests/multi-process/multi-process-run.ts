import { KafkaBus } from '@okr/message-bus';
import { Role, signDevelopmentToken } from '@okr/service-kit';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { ServiceProcess } from './service-process';

const SECRET = 'multi-process-secret-multi-process-secret';

/**
 * What one multi-process test owns on the shared servers: a PostgreSQL schema for the goals
 * events and a Kafka topic prefix, so runs on the same machine never see each other's data.
 */
export class MultiProcessRun {
  readonly id = randomBytes(4).toString('hex');
  readonly schema = `okr_mp_${this.id}`;
  private readonly buses: KafkaBus[] = [];

  constructor(
    readonly databaseUrl: string,
    readonly brokers: string,
  ) {}

  /** The bus, ledger and token settings every service of the run gets. */
  get sharedEnv(): Record<string, string> {
    return { BUS: 'kafka', KAFKA_BROKERS: this.brokers, KAFKA_TOPIC_PREFIX: `mp-${this.id}.`, JWT_SECRET: SECRET, LEDGER_DATABASE_URL: this.databaseUrl, LEDGER_SCHEMA: this.ingestionSchema };
  }

  /** Where metrics-ingestion keeps its tables, the metric ledger among them. */
  get ingestionSchema(): string {
    return `${this.schema}_ingestion`;
  }

  goals(port = randomPort(), env: Record<string, string> = {}): ServiceProcess {
    return new ServiceProcess('goals', port, { ...this.sharedEnv, EVENT_STORE: 'postgres', DATABASE_URL: this.databaseUrl, DATABASE_SCHEMA: this.schema, ...env });
  }

  ingestion(port = randomPort()): ServiceProcess {
    return new ServiceProcess('metrics-ingestion', port, { ...this.sharedEnv, STORE: 'postgres', DATABASE_URL: this.databaseUrl, DATABASE_SCHEMA: this.ingestionSchema });
  }

  /** A reporting instance named `instanceId`, with an embedded read store in `dataDir`, catching up from the goals events on start. */
  reporting(port: number, dataDir: string, instanceId = `reporting-${port}`): ServiceProcess {
    return new ServiceProcess('reporting', port, {
      ...this.sharedEnv,
      READ_STORE: 'embedded',
      DATA_DIR: dataDir,
      INSTANCE_ID: instanceId,
      EVENT_STORE: 'postgres',
      DATABASE_URL: this.databaseUrl,
      DATABASE_SCHEMA: this.schema,
    });
  }

  /** A reporting instance named `instanceId` on the MongoDB read store at `mongodbUrl`, fed by the bus alone. */
  sharedReporting(port: number, mongodbUrl: string, instanceId: string): ServiceProcess {
    return new ServiceProcess('reporting', port, { ...this.sharedEnv, READ_STORE: 'mongodb', MONGODB_URL: mongodbUrl, REPORTING_GOAL_EVENTS: 'shared', INSTANCE_ID: instanceId });
  }

  /** A bus that sees this run's topics, as a consumer in another process would. */
  bus(clientId: string): KafkaBus {
    const bus = new KafkaBus({ brokers: this.brokers.split(','), clientId, topicPrefix: `mp-${this.id}.` });
    this.buses.push(bus);
    return bus;
  }

  token(subject: string, role: Role): Promise<string> {
    return signDevelopmentToken({ secret: SECRET, subject, role });
  }

  async cleanUp(): Promise<void> {
    for (const bus of this.buses.splice(0)) await bus.close();
    const client = new Client({ connectionString: this.databaseUrl });
    await client.connect();
    await client.query(`drop schema if exists ${this.schema} cascade; drop schema if exists ${this.ingestionSchema} cascade`);
    await client.end();
  }
}

export function randomPort(): number {
  // 20000-26999 plus a few consecutive ones: below the ephemeral range (32768 and up on Linux), where
  // outgoing connections may already hold a port, and below CI's MongoDB-wire server (27018).
  return 20_000 + Math.floor(Math.random() * 7_000);
}
