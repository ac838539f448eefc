/**
 * The domain's fold rate, and loading a long-lived aggregate (10,000 events) with and without
 * snapshots, through the real repository on the embedded store: `npm run bench -- goals`.
 */
import { NewEvent } from '@okr/contracts';
import { createEventStore, SnapshotStore } from '@okr/event-store';
import { foldEvents, objectiveDecider, ObjectiveEvent, TimedEvent } from '@okr/goals-domain';
import { randomUUID } from 'node:crypto';
import { AggregateRepository } from '../../apps/goals/src/application/aggregate-repository';
import { UuidIdGenerator } from '../../apps/goals/src/infrastructure/uuid.id-generator';
import { machine, rate, timed } from '../machine';
import { systemClock } from '@okr/service-kit';

const FOLD_EVENTS = 200_000;
const AGGREGATE_EVENTS = 10_000;
const LOADS = 20;

function objectiveEvents(count: number): TimedEvent<ObjectiveEvent>[] {
  const at = (n: number) => new Date(Date.UTC(2027, 0, 1) + n * 60_000).toISOString();
  const events: TimedEvent<ObjectiveEvent>[] = [
    { type: 'ObjectiveDefined', data: { objectiveId: 'o', cycleId: 'q1', title: 'Grow', owner: { type: 'team', id: 't' }, commitment: 'committed', warnings: [] }, metadata: { effectiveAt: at(0), recordedAt: at(0) } },
    ...['a', 'b', 'c', 'd'].map((id) => ({
      type: 'KeyResultAdded' as const,
      data: { keyResultId: id, title: id, weight: 1, definition: { kind: 'metric' as const, start: 0, target: 1e6, unit: 'EUR', direction: 'increase' as const } },
      metadata: { effectiveAt: at(0), recordedAt: at(0) },
    })),
  ];
  for (let n = events.length; n < count; n++) {
    events.push({ type: 'KeyResultCheckInRecorded', data: { keyResultId: 'abcd'[n % 4], value: n, confidence: 'on-track' }, metadata: { effectiveAt: at(n), recordedAt: at(n) } });
  }
  return events;
}

const noSnapshots: SnapshotStore = { load: async () => null, save: async () => undefined };

async function main() {
  const foldInput = objectiveEvents(FOLD_EVENTS);
  foldEvents(objectiveDecider, foldInput.slice(0, 10_000)); // warm up
  const foldMs = await timed(() => foldEvents(objectiveDecider, foldInput));

  const opened = await createEventStore({ kind: 'embedded', dataDir: 'memory://' });
  const stream = `objective-${randomUUID()}`;
  const events: NewEvent[] = objectiveEvents(AGGREGATE_EVENTS).map((e) => ({
    type: e.type,
    data: e.data as unknown as Record<string, unknown>,
    metadata: { ...e.metadata, eventId: randomUUID(), actor: 'bench', correlationId: 'bench', causationId: 'bench', schemaVersion: 1 },
  }));
  for (let start = 0; start < events.length; start += 1000) {
    await opened.eventStore.appendToStream(stream, events.slice(start, start + 1000), { expectedVersion: start });
  }
  const withSnapshots = new AggregateRepository(opened.eventStore, opened.snapshotStore, systemClock, new UuidIdGenerator());
  const withoutSnapshots = new AggregateRepository(opened.eventStore, noSnapshots, systemClock, new UuidIdGenerator());
  const { state, version } = await withoutSnapshots.load(objectiveDecider, stream);
  await opened.snapshotStore.save({ streamId: stream, version, schema: objectiveDecider.snapshotSchema, state });

  const mean = async (repository: AggregateRepository) => {
    await repository.load(objectiveDecider, stream);
    return (await timed(async () => {
      for (let i = 0; i < LOADS; i++) await repository.load(objectiveDecider, stream);
    })) / LOADS;
  };
  const plain = await mean(withoutSnapshots);
  const snapshotted = await mean(withSnapshots);
  await opened.close();

  console.log(
    [
      `Goals domain and aggregate loading on ${machine()}`,
      '',
      '| measure | result |',
      '| --- | ---: |',
      `| fold ${FOLD_EVENTS.toLocaleString('en')} objective events (domain alone) | ${rate(FOLD_EVENTS, foldMs).toLocaleString('en')} events/s |`,
      `| load an objective of ${AGGREGATE_EVENTS.toLocaleString('en')} events, replaying the stream | ${plain.toFixed(1)} ms |`,
      `| load the same objective from its snapshot | ${snapshotted.toFixed(1)} ms |`,
      `| speed-up from the snapshot | ${(plain / snapshotted).toFixed(1)} x |`,
    ].join('\n'),
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
