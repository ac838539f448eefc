import { loadConfig, stopOnSignals } from '@okr/service-kit';
import { z } from 'zod';
import { goalsConfigSchema } from './config/goals.config';
import { createGoalsApp } from './start-goals';

/** The goals service on its own: `npm run start:goals`, or the container's entry point. */
async function main() {
  const config = loadConfig(goalsConfigSchema);
  const { PORT } = loadConfig(z.object({ PORT: z.coerce.number().int().min(1).max(65535).default(3000) }));
  const app = await createGoalsApp(config);
  await app.listen(PORT);
  stopOnSignals(() => app.close());
  console.log(`goals listening on http://localhost:${PORT} (OpenAPI: /docs)`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
