import { stopOnSignals, urlHost } from '@okr/service-kit';
import { startPlatform } from './start-platform';

/** `npm start`: the whole platform in one process on embedded defaults, on a fresh machine. */
async function main() {
  const platform = await startPlatform();
  stopOnSignals(() => platform.close());
  const { goals, ingestion, reporting } = platform.ports;
  const base = `http://${urlHost(platform.host)}`;
  console.log(
    [
      `OKR platform running (embedded: events and ingestion in ${process.env.DATA_DIR ?? 'data'}, in-process bus)`,
      `  dashboard          ${base}:${reporting}/`,
      `  goals              ${base}:${goals}          API docs ${base}:${goals}/docs`,
      `  metrics-ingestion  ${base}:${ingestion}          API docs ${base}:${ingestion}/docs`,
      `  reporting          ${base}:${reporting}          API docs ${base}:${reporting}/docs`,
      `  a token:           npm run token -- --user <person id> --role admin`,
      platform.host === '127.0.0.1' ? `  reachable from this machine only (HOST=0.0.0.0 to listen on every interface)` : `  listening on ${platform.host}`,
    ].join('\n'),
  );
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
