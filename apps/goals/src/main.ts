import { loadConfig, stopOnSignals, urlHost } from '@okr/service-kit';
import { goalsConfigSchema } from './config/goals.config';
import { createGoalsApp } from './start-goals';

/** The goals service on its own: `npm run start:goals`, or the container's entry point. */
async function main() {
  const config = loadConfig(goalsConfigSchema);
  const app = await createGoalsApp(config);
  await app.listen(config.PORT, config.HOST);
  stopOnSignals(() => app.close());
  console.log(`goals listening on http://${urlHost(config.HOST)}:${config.PORT} (OpenAPI: /docs; event store: ${config.EVENT_STORE}, bus: ${config.BUS})`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
