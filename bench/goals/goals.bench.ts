/**
 * The domain's fold rate (an objective's check-ins, an enterprise organisation), and loading a
 * long-lived aggregate (10,000 events) with and without snapshots, through the real repository on
 * the embedded store: `npm run bench -- goals`.
 */
import { NewEvent } from '@okr/contracts';
import { createEventStore, SnapshotStore } from '@okr/event-store';
import {
  emptyTimeline,
  foldEvents,
  objectiveDecider,
  ObjectiveEvent,
  organizationAt,
  OrganizationCommand,
  organizationDecider,
  OrganizationEvent,
  OrganizationTimeline,
  TimedEvent,
} from '@okr/goals-domain';
import { randomUUID } from 'node:crypto';
import { AggregateRepository } from '../../apps/goals/src/application/aggregate-repository';
import { UuidIdGenerator } from '../../apps/goals/src/infrastructure/uuid.id-generator';
import { machine, rate, timed } from '../machine';
import { enterpriseOrganization, iso, membershipMove, moveOf, PEOPLE } from './enterprise-organization';
import { systemClock } from '@okr/service-kit';

const FOLD_EVENTS = 200_000;
const AGGREGATE_EVENTS = 10_000;
const LOADS = 20;
const PAST_READS = 20;
const BACKDATED_MOVES = 1_000;
const DECIDED_MOVES = 20;
const SECOND = 1_000;
const LAST_QUARTER = Date.UTC(2027, 0, 1);
const TODAY = Date.UTC(2027, 3, 10, 9);

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

/** Folds with the decider's evolve and reads the organisation after them: the fold is only done once it is read. */
function foldOrganization(events: TimedEvent<OrganizationEvent>[]): OrganizationTimeline {
  const timeline = foldEvents(organizationDecider, events);
  void timeline.current;
  return timeline;
}

/** Reads at instants spread over the organisation's valid time, each a different past organisation. */
function readPast(timeline: OrganizationTimeline, from: number, to: number): number {
  let units = 0;
  for (let i = 1; i <= PAST_READS; i++) units += Object.keys(organizationAt(timeline, { asOf: from + ((to - from) * i) / (PAST_READS + 1) }).units).length;
  return units;
}

/**
 * Set up last quarter today: every event effective at one instant last quarter, recorded in order
 * today; then membership moves recorded later, each dated before the moves recorded before it.
 */
function lastQuarterToday(): TimedEvent<OrganizationEvent>[] {
  const setUp = enterpriseOrganization(() => LAST_QUARTER, (n) => TODAY + n * SECOND);
  const moves = Array.from({ length: BACKDATED_MOVES }, (_, k) =>
    membershipMove(k * 10).map((event) => ({ ...event, metadata: { effectiveAt: iso(LAST_QUARTER + (BACKDATED_MOVES - k) * SECOND), recordedAt: iso(TODAY + (setUp.length + k) * SECOND) } })),
  );
  return [...setUp, ...moves.flat()];
}

/** A backdated move decided and recorded as the service does (decide, then evolve), dated before every move already recorded. */
function decideBackdatedMove(timeline: OrganizationTimeline, person: number): OrganizationTimeline {
  const context = { now: iso(TODAY + 86_400_000), effectiveAt: iso(LAST_QUARTER + SECOND / 2), actor: 'bench' };
  const { personId, from, to } = moveOf(person);
  const commands: OrganizationCommand[] = [
    { type: 'RemoveMember', data: { unitId: from, personId }, context },
    { type: 'AddMember', data: { unitId: to, personId }, context },
  ];
  for (const command of commands) {
    for (const event of organizationDecider.decide(command, timeline)) timeline = organizationDecider.evolve(timeline, { ...event, metadata: { effectiveAt: context.effectiveAt, recordedAt: context.now } });
  }
  return timeline;
}

const noSnapshots: SnapshotStore = { load: async () => null, save: async () => undefined };

async function main() {
  const foldInput = objectiveEvents(FOLD_EVENTS);
  foldEvents(objectiveDecider, foldInput.slice(0, 10_000)); // warm up
  const foldMs = await timed(() => foldEvents(objectiveDecider, foldInput));

  const enterprise = enterpriseOrganization((n) => LAST_QUARTER + n * SECOND, (n) => LAST_QUARTER + n * SECOND);
  foldOrganization(enterprise); // warm up
  let organization = emptyTimeline();
  const organizationMs = await timed(() => (organization = foldOrganization(enterprise)));
  const pastMs = await timed(() => readPast(organization, LAST_QUARTER, LAST_QUARTER + enterprise.length * SECOND));
  const setUpToday = lastQuarterToday();
  let lastQuarter = emptyTimeline();
  const lastQuarterMs = await timed(() => (lastQuarter = foldOrganization(setUpToday)));
  const decidedMs = await timed(() => {
    for (let k = 0; k < DECIDED_MOVES; k++) lastQuarter = decideBackdatedMove(lastQuarter, k * 10 + 5);
  });
  if (Object.keys(lastQuarter.current.people).length !== PEOPLE) throw new Error('the organisation lost people');

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
  const repository = (snapshots: SnapshotStore) => new AggregateRepository(opened.eventStore, snapshots, systemClock, new UuidIdGenerator());
  const { state, version } = await repository(noSnapshots).load(objectiveDecider, stream);
  await opened.snapshotStore.save({ streamId: stream, version, schema: objectiveDecider.snapshotSchema, state });

  // A new repository per load: a repository keeps what it last loaded, so a second load on it measures its memory, not a load.
  const mean = async (snapshots: SnapshotStore) => {
    await repository(snapshots).load(objectiveDecider, stream);
    return (await timed(async () => {
      for (let i = 0; i < LOADS; i++) await repository(snapshots).load(objectiveDecider, stream);
    })) / LOADS;
  };
  const plain = await mean(noSnapshots);
  const snapshotted = await mean(opened.snapshotStore);
  await opened.close();

  console.log(
    [
      `Goals domain and aggregate loading on ${machine()}`,
      '',
      '| measure | result |',
      '| --- | ---: |',
      `| fold ${FOLD_EVENTS.toLocaleString('en')} objective events (domain alone) | ${rate(FOLD_EVENTS, foldMs).toLocaleString('en')} events/s |`,
      `| fold an organisation of ${enterprise.length.toLocaleString('en')} events (1,051 units, 10,000 people, 20,000 memberships; domain alone) | ${rate(enterprise.length, organizationMs).toLocaleString('en')} events/s (${organizationMs.toFixed(0)} ms) |`,
      `| ${PAST_READS} organizationAt reads of it at past instants | ${pastMs.toFixed(1)} ms in all |`,
      `| fold it set up last quarter today (one instant), then ${BACKDATED_MOVES.toLocaleString('en')} moves each dated before the ones before it: ${setUpToday.length.toLocaleString('en')} events | ${rate(setUpToday.length, lastQuarterMs).toLocaleString('en')} events/s (${lastQuarterMs.toFixed(0)} ms) |`,
      `| decide and record one more backdated move on it (2 commands, later changes replayed), mean of ${DECIDED_MOVES} | ${(decidedMs / DECIDED_MOVES).toFixed(1)} ms |`,
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
