import { createEventStore, OpenedEventStore, WrongExpectedVersionError } from '@okr/event-store';
import { kpiDecider, KpiCommand } from '@okr/goals-domain';
import { uniqueStreamId } from '@okr/testing';
import { UuidIdGenerator } from '../infrastructure/uuid.id-generator';
import { AggregateRepository, ChangeOrigin, toTimedEvent } from './aggregate-repository';
import { Clock } from '@okr/service-kit';

class SteppingClock implements Clock {
  private t = Date.parse('2027-01-01T00:00:00.000Z');
  now() {
    return new Date((this.t += 60_000));
  }
}

describe('the aggregate repository on the embedded event store', () => {
  let opened: OpenedEventStore;
  let repository: AggregateRepository;
  const origin: ChangeOrigin = { actor: 'olivia', actorIsAdmin: true, correlationId: 'c-1', causationId: 'r-1' };
  const define = (kpiId: string) => (context: KpiCommand['context']): KpiCommand => ({
    type: 'DefineKpi',
    data: { kpiId, unitId: 'emea', unitActive: true, name: 'NPS', unit: 'points', direction: 'stay-above', target: 40 },
    context,
  });
  const reading = (value: number) => (context: KpiCommand['context']): KpiCommand => ({ type: 'RecordKpiCheckIn', data: { value, confidence: 'on-track' }, context });

  beforeAll(async () => {
    opened = await createEventStore({ kind: 'embedded', dataDir: 'memory://' });
    repository = new AggregateRepository(opened.eventStore, opened.snapshotStore, new SteppingClock(), new UuidIdGenerator());
  });
  afterAll(() => opened.close());

  it('stamps every event with the metadata of the change', async () => {
    const stream = uniqueStreamId('kpi');
    await repository.execute(kpiDecider, stream, { ...origin, reason: 'planning' }, define('nps'));
    const [event] = await opened.eventStore.readStream(stream);
    expect(event.metadata).toEqual({
      eventId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      actor: 'olivia',
      recordedAt: expect.any(String),
      effectiveAt: event.metadata.recordedAt,
      correlationId: 'c-1',
      causationId: 'r-1',
      reason: 'planning',
      schemaVersion: 1,
    });
  });

  it('snapshots every 100 events, and loads the same state from the snapshot as from the full stream', async () => {
    const stream = uniqueStreamId('kpi');
    await repository.execute(kpiDecider, stream, origin, define('nps'));
    for (let value = 1; value <= 150; value++) await repository.execute(kpiDecider, stream, origin, reading(value));
    const snapshot = await opened.snapshotStore.load(stream, kpiDecider.snapshotSchema);
    expect(snapshot?.version).toBe(100);

    const fromSnapshot = await new AggregateRepository(opened.eventStore, opened.snapshotStore, new SteppingClock(), new UuidIdGenerator()).load(kpiDecider, stream);
    const replayed = (await opened.eventStore.readStream(stream)).reduce(
      (state, e) => kpiDecider.evolve(state, toTimedEvent(e)),
      kpiDecider.initialState(),
    );
    expect(fromSnapshot).toEqual({ state: replayed, version: 151 });
    expect(fromSnapshot.state.latestCheckIn?.value).toBe(150);
  });

  it('keeps states in memory, yet sees what another instance appended since', async () => {
    const stream = uniqueStreamId('kpi');
    const later: Clock = { now: () => new Date('2027-06-01T00:00:00.000Z') };
    const other = new AggregateRepository(opened.eventStore, opened.snapshotStore, later, new UuidIdGenerator());
    await repository.execute(kpiDecider, stream, origin, define('nps'));
    expect((await repository.load(kpiDecider, stream)).version).toBe(1);
    await other.execute(kpiDecider, stream, origin, reading(41));
    const seen = await repository.load(kpiDecider, stream);
    expect(seen).toMatchObject({ version: 2, state: { latestCheckIn: { value: 41 } } });
    await repository.execute(kpiDecider, stream, origin, reading(42));
    expect(await other.load(kpiDecider, stream)).toMatchObject({ version: 3, state: { checkInCount: 2 } });
  });

  it('refuses a change made from a stale version, and retries an unconditional one on fresh state', async () => {
    const stream = uniqueStreamId('kpi');
    await repository.execute(kpiDecider, stream, origin, define('nps'));
    await expect(repository.execute(kpiDecider, stream, { ...origin, expectedVersion: 0 }, reading(1))).rejects.toBeInstanceOf(WrongExpectedVersionError);

    // Two unconditional writers at once: both land, one after a retry.
    await Promise.all([repository.execute(kpiDecider, stream, origin, reading(2)), repository.execute(kpiDecider, stream, origin, reading(3))]);
    expect((await repository.load(kpiDecider, stream)).state.checkInCount).toBe(2);
  });

  it('lands every one of many unconditional writes at once from several instances, each retried on fresh state until it is appended', async () => {
    const stream = uniqueStreamId('kpi');
    await repository.execute(kpiDecider, stream, origin, define('nps'));
    const later: Clock = { now: () => new Date('2027-06-01T00:00:00.000Z') };
    const instances = Array.from({ length: 4 }, () => new AggregateRepository(opened.eventStore, opened.snapshotStore, later, new UuidIdGenerator()));
    const writes = Array.from({ length: 120 }, (_, n) => instances[n % instances.length].execute(kpiDecider, stream, origin, reading(n)));
    const outcomes = await Promise.allSettled(writes);
    expect(outcomes.filter((outcome) => outcome.status === 'rejected')).toEqual([]);
    expect((await repository.load(kpiDecider, stream)).state.checkInCount).toBe(120);
  });

  it('appends several changes to one aggregate in one write, each event with the metadata of its own change, decided in order', async () => {
    const stream = uniqueStreamId('kpi');
    await repository.execute(kpiDecider, stream, origin, define('nps'));
    const definedAt = (await opened.eventStore.readStream(stream))[0].metadata.effectiveAt;
    // The first reading is backdated to when the KPI was defined; the others take effect when recorded.
    const change = (n: number, value: number) => ({
      origin: { actor: `integration-${n}`, actorIsAdmin: true, correlationId: `batch-${n}`, causationId: `point-${n}`, ...(n === 1 ? { effectiveAt: definedAt } : {}) },
      buildCommand: reading(value),
    });
    const result = await repository.executeAll(kpiDecider, stream, [change(1, 41), change(2, 42), change(3, 43)]);
    expect(result).toMatchObject({ version: 4, state: { checkInCount: 3, latestCheckIn: { value: 43 } } });
    const events = (await opened.eventStore.readStream(stream)).slice(1);
    const recordedAt = events[0].metadata.recordedAt;
    expect(events.map((e) => [e.metadata.actor, e.metadata.correlationId, e.metadata.causationId, e.metadata.effectiveAt])).toEqual(
      [1, 2, 3].map((n) => [`integration-${n}`, `batch-${n}`, `point-${n}`, n === 1 ? definedAt : recordedAt]),
    );
    // One write: every event of it recorded at the same instant of the service clock.
    expect(new Set(events.map((e) => e.metadata.recordedAt)).size).toBe(1);
    const replayed = (await opened.eventStore.readStream(stream)).reduce((state, e) => kpiDecider.evolve(state, toTimedEvent(e)), kpiDecider.initialState());
    expect((await repository.load(kpiDecider, stream)).state).toEqual(replayed);
  });

  it('decides a batch of changes again on fresh state when another writer got in first, and appends none of a failing batch', async () => {
    const stream = uniqueStreamId('kpi');
    await repository.execute(kpiDecider, stream, origin, define('nps'));
    const later: Clock = { now: () => new Date('2027-06-01T00:00:00.000Z') };
    const other = new AggregateRepository(opened.eventStore, opened.snapshotStore, later, new UuidIdGenerator());
    await repository.load(kpiDecider, stream);
    let raced = false;
    const racing = async (context: KpiCommand['context']): Promise<KpiCommand> => {
      if (!raced) {
        raced = true;
        await other.execute(kpiDecider, stream, origin, reading(1));
      }
      return reading(2)(context);
    };
    const result = await repository.executeAll(kpiDecider, stream, [{ origin, buildCommand: racing }, { origin, buildCommand: reading(3) }]);
    expect(result).toMatchObject({ version: 4, state: { checkInCount: 3 } });
    expect((await opened.eventStore.readStream(stream)).slice(1).map((e) => e.data.value)).toEqual([1, 2, 3]);

    const failing = () => {
      throw new Error('no such goal');
    };
    await expect(repository.executeAll(kpiDecider, stream, [{ origin, buildCommand: reading(4) }, { origin, buildCommand: failing }])).rejects.toThrow('no such goal');
    expect((await opened.eventStore.readStream(stream)).length).toBe(4);
  });

  it('answers as of a valid time and as known at a transaction time', async () => {
    const stream = uniqueStreamId('kpi');
    await repository.execute(kpiDecider, stream, origin, define('nps'));
    const definedAt = (await opened.eventStore.readStream(stream))[0].metadata.effectiveAt;
    await repository.execute(kpiDecider, stream, origin, reading(41));
    const firstRecordedAt = (await opened.eventStore.readStream(stream)).at(-1)!.metadata.recordedAt;
    // Reported later, true at the moment the KPI was defined.
    await repository.execute(kpiDecider, stream, { ...origin, effectiveAt: definedAt }, reading(39));

    expect((await repository.load(kpiDecider, stream)).state.latestCheckIn?.value).toBe(41);
    expect((await repository.loadAt(kpiDecider, stream, { asOf: definedAt })).state.latestCheckIn?.value).toBe(39);
    expect((await repository.loadAt(kpiDecider, stream, { knownAt: firstRecordedAt })).state.latestCheckIn?.value).toBe(41);
    expect((await repository.loadAt(kpiDecider, stream, { asOf: definedAt, knownAt: firstRecordedAt })).state.latestCheckIn).toBeNull();
    expect(await repository.loadAt(kpiDecider, stream, { asOf: '2026-12-31T00:00:00.000Z' })).toEqual({ state: kpiDecider.initialState(), version: 0 });
  });
});
