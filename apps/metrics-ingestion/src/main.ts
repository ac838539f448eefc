import { loadConfig, stopOnSignals, urlHost } from '@okr/service-kit';
import { ingestionConfigSchema } from './config/ingestion.config';
import { createIngestionApp } from './start-ingestion';

/** The metrics-ingestion service on its own, or the container's entry point. */
async function main() {
  const config = loadConfig(ingestionConfigSchema);
  const app = await createIngestionApp(config);
  await app.listen(config.PORT, config.HOST);
  stopOnSignals(() => app.close());
  console.log(`metrics-ingestion listening on http://${urlHost(config.HOST)}:${config.PORT} (OpenAPI: /docs)`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
