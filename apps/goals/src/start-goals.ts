import { INestApplication } from '@nestjs/common';
import { createEventStore } from '@okr/event-store';
import { createHttpApp, developmentSecret } from '@okr/service-kit';
import { join } from 'node:path';
import { Clock } from './application/clock.port';
import { GoalsConfig } from './config/goals.config';
import { GoalsModule } from './goals.module';

/** Opens the configured event store and builds the goals HTTP app on it (not yet listening). */
export async function createGoalsApp(config: GoalsConfig, overrides: { clock?: Clock; logLevel?: string } = {}): Promise<INestApplication> {
  const eventStore = await createEventStore(
    config.EVENT_STORE === 'postgres'
      ? { kind: 'postgres', url: config.DATABASE_URL!, schema: config.DATABASE_SCHEMA }
      : { kind: 'embedded', dataDir: config.DATA_DIR.startsWith('memory://') ? config.DATA_DIR : join(config.DATA_DIR, 'goals-events'), schema: config.DATABASE_SCHEMA },
  );
  try {
    return await createHttpApp(GoalsModule.forRoot({ eventStore, auth: authOptions(config), clock: overrides.clock, logLevel: overrides.logLevel ?? process.env.LOG_LEVEL }));
  } catch (error) {
    await eventStore.close();
    throw error;
  }
}

/** A JWKS URL or a secret; embedded mode without either signs with its development secret. */
export function authOptions(config: GoalsConfig) {
  const checks = { issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE };
  if (config.JWT_JWKS_URL) return { jwksUrl: config.JWT_JWKS_URL, ...checks };
  if (config.JWT_SECRET) return { secret: config.JWT_SECRET, ...checks };
  if (config.EVENT_STORE === 'embedded') return { secret: developmentSecret(config.DATA_DIR), ...checks };
  throw new Error('Invalid configuration:\n  JWT_SECRET or JWT_JWKS_URL: one is required outside embedded mode');
}
