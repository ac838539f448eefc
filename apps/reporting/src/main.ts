import { loadConfig, stopOnSignals, urlHost } from '@okr/service-kit';
import { reportingConfigSchema } from './config/reporting.config';
import { createReportingApp } from './start-reporting';

/** The reporting service on its own: the container's entry point (BUS=kafka to consume what goals publishes). */
async function main() {
  const config = loadConfig(reportingConfigSchema);
  const app = await createReportingApp(config);
  await app.listen(config.PORT, config.HOST);
  stopOnSignals(() => app.close());
  console.log(`reporting listening on http://${urlHost(config.HOST)}:${config.PORT} (OpenAPI: /docs; read store: ${config.READ_STORE}, bus: ${config.BUS})`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
