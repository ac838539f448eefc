import { loadConfig } from '@okr/service-kit';
import { reportingConfigSchema } from './config/reporting.config';
import { GoalHistories } from './history/goal-histories';
import { openGoalEventStore } from './infrastructure/open-goal-event-store';
import { openReadStore } from './infrastructure/open-read-store';
import { GoalEventsProjection } from './projections/goal-events.projection';
import { progressLine } from './projections/rebuild-progress';
import { rebuildProjection } from './projections/rebuild-projection';

/**
 * Rebuilds reporting's read models from the goals event store (EVENT_STORE, DATABASE_URL...):
 * `node -r ./tools/register.cjs apps/reporting/src/rebuild.ts`, with the reporting service stopped.
 * Progress goes to stderr; an interrupted rebuild resumes from its last checkpoint when run again.
 */
async function main() {
  const config = loadConfig(reportingConfigSchema);
  if (!config.EVENT_STORE) throw new Error('Invalid configuration:\n  EVENT_STORE: required for a rebuild (embedded or postgres), e.g. EVENT_STORE=postgres');
  const goals = (await openGoalEventStore(config))!;
  const readStore = await openReadStore(config);
  try {
    // The SQL adapters know the head of the log; without it the bar grows with what is read.
    const head = (goals.eventStore as Partial<{ headPosition(): Promise<number> }>).headPosition;
    const knownTotal = head ? await head.call(goals.eventStore) : 0;
    const started = Date.now();
    let lastDrawn = 0;
    const draw = (applied: number, position: number, final = false) => {
      if (!final && Date.now() - lastDrawn < 250) return;
      lastDrawn = Date.now();
      const line = progressLine(position, Math.max(knownTotal, position), applied, Date.now() - started);
      process.stderr.write(process.stderr.isTTY ? `\r${line}` : `${line}\n`);
    };
    const projection = new GoalEventsProjection(readStore, new GoalHistories());
    const report = await rebuildProjection(goals.eventStore, readStore, projection, (applied, position) => draw(applied, position));
    draw(report.applied, report.position, true);
    process.stderr.write(`\n${report.resumed ? 'resumed and finished' : 'rebuilt'}: ${report.applied} events read, up to position ${report.position}\n`);
  } finally {
    await readStore.close();
    await goals.close();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
