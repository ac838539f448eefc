import { stopOnSignals } from '@okr/service-kit';
import { startPlatform } from './start-platform';

/** `npm start`: the whole platform in one process on embedded defaults, on a fresh machine. */
async function main() {
  const platform = await startPlatform();
  stopOnSignals(() => platform.close());
  const { goals, ingestion, reporting } = platform.ports;
  console.log(
    [
      `OKR platform running (embedded: events and ingestion in ${process.env.DATA_DIR ?? 'data'}, in-process bus)`,
      `  dashboard          http://localhost:${reporting}/`,
      `  goals              http://localhost:${goals}          API docs http://localhost:${goals}/docs`,
      `  metrics-ingestion  http://localhost:${ingestion}          API docs http://localhost:${ingestion}/docs`,
      `  reporting          http://localhost:${reporting}          API docs http://localhost:${reporting}/docs`,
      `  a token:           npm run token -- --user <person id> --role admin`,
    ].join('\n'),
  );
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
