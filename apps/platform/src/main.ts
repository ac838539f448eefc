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
  const goals = await createGoalsApp(loadConfig(goalsConfigSchema));
  await goals.listen(PORT);
  console.log(
    [
      'OKR platform running on embedded defaults (data in ./data)',
      `  goals     http://localhost:${PORT}   API docs http://localhost:${PORT}/docs`,
      `  a token:  npm run token -- --user <person id> --role admin`,
    ].join('\n'),
  );
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
