import { createGoalsApp } from '../../goals/src/start-goals';
import { goalsConfigSchema } from '../../goals/src/config/goals.config';
import { loadConfig } from '@okr/service-kit';
import { z } from 'zod';

/**
 * Every service in one process on embedded adapters: what `npm start` runs on a fresh machine.
 * Each service keeps its own port, as it would in production.
 */
async function main() {
  const { PORT } = loadConfig(z.object({ PORT: z.coerce.number().int().min(1).max(65535).default(3000) }));
  const config = loadConfig(goalsConfigSchema);
  const goals = await createGoalsApp(config);
  await goals.listen(PORT);
  console.log(
    [
      `OKR platform running (event store: ${config.EVENT_STORE}, bus: ${config.BUS}, data in ${config.DATA_DIR})`,
      `  goals     http://localhost:${PORT}   API docs http://localhost:${PORT}/docs`,
      `  a token:  npm run token -- --user <person id> --role admin`,
    ].join('\n'),
  );
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
