/**
 * Append and replay through the event-store adapters against raw SQL on the same database, in the
 * same run: `npm run bench -- event-store` (PostgreSQL too when DATABASE_URL is set).
 */
import { NewEvent } from '@okr/contracts';
import { computeEventHash, createEventStore, OpenedSqlEventStore, SqlClient } from '@okr/event-store';
import { randomUUID } from 'node:crypto';
import { machine, rate, timed } from '../machine';

const EVENTS = 20_000;
const BATCH = 1_000;

function checkIn(n: number): NewEvent {
  const at = new Date(Date.UTC(2027, 0, 1) + n * 1000).toISOString();
  return {
    type: 'KeyResultCheckInRecorded',
    data: { keyResultId: `kr-${n % 4}`, value: n, confidence: 'on-track', note: 'weekly check-in' },
    metadata: { eventId: randomUUID(), actor: 'bench', recordedAt: at, effectiveAt: at, correlationId: randomUUID(), causationId: randomUUID(), schemaVersion: 1 },
  };
}

async function rawInsert(sql: SqlClient, schema: string, streamId: string, events: NewEvent[]) {
  let prev: string | null = null;
  const rows = events.map((event, i) => {
    const hash = computeEventHash(prev, { streamId, streamVersion: i + 1, type: event.type, data: event.data, metadata: event.metadata });
    const row = [streamId, i + 1, event.metadata.eventId, event.type, JSON.stringify(event.data), JSON.stringify(event.metadata), event.metadata.recordedAt, event.metadata.effectiveAt, hash, prev];
    prev = hash;
    return row;
  });
  for (let start = 0; start < rows.length; start += BATCH) {
    const chunk = rows.slice(start, start + BATCH);
    await sql.transaction(async (tx) => {
      for (let part = 0; part < chunk.length; part += 500) {
        const slice = chunk.slice(part, part + 500);
        const values = slice.map((_, r) => `(${Array.from({ length: 10 }, (_, c) => `$${r * 10 + c + 1}`).join(', ')})`);
        await tx.query(
          `insert into ${schema}.raw_events (stream_id, stream_version, event_id, type, data, metadata, recorded_at, effective_at, hash, prev_hash) values ${values.join(', ')}`,
          slice.flat(),
        );
      }
    });
  }
}

async function measure(name: string, opened: OpenedSqlEventStore, schema: string) {
  const { eventStore, sql } = opened;
  await sql.query(`drop table if exists ${schema}.raw_events; create table ${schema}.raw_events (like ${schema}.events including all)`);
  const events = Array.from({ length: EVENTS }, (_, n) => checkIn(n));
  const rawStream = `raw-${randomUUID()}`;
  const stream = `bench-${randomUUID()}`;

  // Warm up both paths once, then measure.
  const fresh = () => events.slice(0, BATCH).map((e) => ({ ...e, metadata: { ...e.metadata, eventId: randomUUID() } }));
  await rawInsert(sql, schema, `warm-${randomUUID()}`, fresh());
  await eventStore.appendToStream(`warm-${randomUUID()}`, fresh(), { expectedVersion: 0 });

  const rawAppend = await timed(() => rawInsert(sql, schema, rawStream, events));
  const adapterAppend = await timed(async () => {
    for (let start = 0; start < EVENTS; start += BATCH) {
      await eventStore.appendToStream(stream, events.slice(start, start + BATCH), { expectedVersion: start });
    }
  });
  // The same columns the adapter reads, straight from SQL, without mapping rows to events.
  const rawRead = await timed(() =>
    sql.query(`select global_position, stream_id, stream_version, type, data, metadata, hash, prev_hash from ${schema}.events where stream_id = $1 order by stream_version`, [stream]),
  );
  let read = 0;
  const adapterRead = await timed(async () => (read = (await eventStore.readStream(stream)).length));
  if (read !== EVENTS) throw new Error(`read ${read} events, expected ${EVENTS}`);
  await sql.query(`drop table ${schema}.raw_events`);

  const row = (what: string, adapter: number, raw: number) =>
    `| ${name} | ${what} | ${rate(EVENTS, adapter).toLocaleString('en')} | ${rate(EVENTS, raw).toLocaleString('en')} | ${Math.round((raw / adapter) * 100)} % |`;
  return [row('append (batches of 1,000)', adapterAppend, rawAppend), row('read a stream of 20,000', adapterRead, rawRead)];
}

async function main() {
  const lines = ['| adapter | operation | adapter events/s | raw SQL events/s | adapter / raw |', '| --- | --- | ---: | ---: | ---: |'];
  const embedded = (await createEventStore({ kind: 'embedded', dataDir: 'memory://', schema: 'bench' }));
  lines.push(...(await measure('embedded PGlite', embedded, 'bench')));
  await embedded.close();
  if (process.env.DATABASE_URL) {
    const schema = `bench_${Date.now()}`;
    const postgres = (await createEventStore({ kind: 'postgres', url: process.env.DATABASE_URL, schema }));
    lines.push(...(await measure('PostgreSQL', postgres, schema)));
    await postgres.sql.query(`drop schema ${schema} cascade`);
    await postgres.close();
  } else {
    lines.push('| PostgreSQL | skipped: set DATABASE_URL | | | |');
  }
  console.log(`Event store, ${EVENTS.toLocaleString('en')} events of ~400 bytes, on ${machine()}\n\n${lines.join('\n')}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
