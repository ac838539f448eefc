/**
 * The metric index against baselines measured in the same run: `npm run bench -- metric-index`.
 * A year of closed-won deals as the ledger would hold them: 1,000,000 facts, about 880,000
 * records (about 10 % with 2-3 versions: amended, rescheduled, moved to another person), 9,900
 * people and 100 units, 10 % of deals back-filled with a past close date.
 * (a) add, per fact, in batches of 500, holding 10,000 facts and holding 1,000,000, against
 *     appending the same numbers raw into typed arrays;
 * (b) read latency for a person, a 10-person team and a 5,000-person unit, present, capped and
 *     as of, against a brute-force scan of typed columns; and a whole dashboard of 20,000 reads,
 *     present, at two caps, and at 10 random caps (each new: as a dashboard at a random
 *     (asOf, knownAt) pair reads);
 * (c) heap for 1,000,000 facts, in a child process run with --expose-gc;
 * (d) snapshot size, snapshot and restore time.
 */
import { ExactSum, FactSubject, MetricFact, MetricIndex, MetricQuery } from '@okr/metric-index';
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { machine } from '../machine';

const FACTS = 1_000_000;
const SMALL = 10_000;
const BATCH = 500;
const MEASURED_BATCHES = 60;
const PEOPLE = 9_900;
const UNITS = 100;
const METRIC = 'sales.closed_won_amount';
const DAY = 86_400_000;
const START = Date.UTC(2027, 0, 1);
const STEP = (365 * DAY) / FACTS;
const Q3 = { from: Date.UTC(2027, 6, 1), to: Date.UTC(2027, 9, 1) };
const RANDOM_CAPS = 10;

/** A deterministic pseudo-random sequence in [0, 1). */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1664525 + 1013904223) % 4294967296;
    return state / 4294967296;
  };
}

interface Deal {
  recordId: string;
  subject: FactSubject;
  value: number;
  occurredAt: number;
  version: number;
}

const person = (n: number): FactSubject => ({ type: 'person', id: `rep-${n}` });

/** The ledger's facts in position order, as the live feed brings them. */
function* dealLedger(): Generator<MetricFact> {
  const next = random(7);
  const recent: Deal[] = []; // the last 50,000 deals, which get the new versions
  let position = 0;
  let serial = 0;
  const fact = (deal: Deal, operation: 'upsert' | 'retract'): MetricFact => ({
    position: ++position,
    metric: METRIC,
    subject: deal.subject,
    sourceRecordKey: `salesforce:${deal.recordId}:${METRIC}`,
    source: { system: 'salesforce', recordId: deal.recordId },
    recordVersion: ++deal.version,
    operation,
    ...(operation === 'upsert' ? { value: deal.value } : {}),
    occurredAt: deal.occurredAt,
    recordedAt: START + position * STEP,
  });
  for (;;) {
    const now = START + (position + 1) * STEP;
    if (recent.length > 1_000 && next() < 0.12) {
      const deal = recent[Math.floor(next() * recent.length)];
      const kind = next();
      if (kind < 0.7) deal.value = Math.round(next() * 10_000_000) / 100;
      else if (kind < 0.9) deal.occurredAt += Math.round((next() - 0.5) * 20 * DAY);
      else {
        yield fact(deal, 'retract'); // a move is two versions
        deal.subject = person(Math.floor(next() * PEOPLE));
      }
      yield fact(deal, 'upsert');
      continue;
    }
    const subject: FactSubject = next() < 0.01 ? { type: 'unit', id: `unit-${Math.floor(next() * UNITS)}` } : person(Math.floor(next() * PEOPLE));
    const lag = next() < 0.1 ? next() * 90 * DAY : next() * 3 * DAY;
    const deal: Deal = { recordId: `006${(serial++).toString(36).padStart(15, '0')}`, subject, value: Math.round(next() * 10_000_000) / 100, occurredAt: Math.round(now - lag), version: 0 };
    recent.push(deal);
    if (recent.length > 50_000) recent[Math.floor(next() * 50_000)] = recent.pop()!;
    yield fact(deal, 'upsert');
  }
}

function take(facts: Iterator<MetricFact>, count: number): MetricFact[] {
  return Array.from({ length: count }, () => facts.next().value as MetricFact);
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const sortedTimes = (times: number[]) => [...times].sort((a, b) => a - b);

/** The facts as a service without an index would scan them: typed columns in position order, each version's successor known. */
class ScanBaseline {
  readonly subject = new Int32Array(FACTS + MEASURED_BATCHES * BATCH);
  readonly occurredAt = new Float64Array(this.subject.length);
  readonly value = new Float64Array(this.subject.length);
  readonly retraction = new Uint8Array(this.subject.length);
  readonly supersededAt = new Float64Array(this.subject.length).fill(Infinity);
  private readonly subjects = new Map<string, number>();
  private readonly newest = new Map<string, number>();
  count = 0;

  hold(fact: MetricFact): void {
    const i = this.count++;
    const key = `${fact.subject.type}:${fact.subject.id}`;
    if (!this.subjects.has(key)) this.subjects.set(key, this.subjects.size);
    this.subject[i] = this.subjects.get(key)!;
    this.occurredAt[i] = fact.occurredAt;
    this.value[i] = fact.value ?? 0;
    this.retraction[i] = fact.operation === 'retract' ? 1 : 0;
    const previous = this.newest.get(fact.sourceRecordKey);
    if (previous !== undefined) this.supersededAt[previous] = fact.position;
    this.newest.set(fact.sourceRecordKey, i);
  }

  /** Every fact looked at once: the sum, by the same counting rule (facts are held in position order, fact i at position i + 1). */
  sum(query: MetricQuery): number {
    const intervals = new Map<number, Array<[number, number]>>();
    for (const { subject, from, to } of query.scope) {
      const id = this.subjects.get(`${subject.type}:${subject.id}`);
      if (id === undefined) continue;
      if (!intervals.has(id)) intervals.set(id, []);
      intervals.get(id)!.push([Math.max(from, query.window.from), Math.min(to, query.window.to)]);
    }
    const sum = new ExactSum();
    const cap = Math.min(query.upToPosition, this.count);
    for (let i = 0; i < cap; i++) {
      if (this.retraction[i] === 1 || this.supersededAt[i] <= cap) continue;
      const own = intervals.get(this.subject[i]);
      const at = this.occurredAt[i];
      if (own === undefined || at > query.asOf) continue;
      for (const [from, to] of own) if (from <= at && at < to) sum.add(this.value[i]);
    }
    return sum.value();
  }
}

/** (a) The median cost of one batch of 500, per fact, once `held` facts are held; and of appending the same numbers raw. */
function addCost(held: number): { index: MetricIndex; baseline: ScanBaseline; perFact: { median: number; mean: number; raw: number } } {
  const facts = dealLedger();
  const index = new MetricIndex();
  const baseline = new ScanBaseline();
  for (let added = 0; added < held; added += BATCH) {
    const batch = take(facts, BATCH);
    index.add(batch);
    batch.forEach((fact) => baseline.hold(fact));
  }
  // As a consumer gets them: parsed from JSON messages (whose short strings V8 interns).
  const batches = Array.from({ length: MEASURED_BATCHES }, () => JSON.parse(JSON.stringify(take(facts, BATCH))) as MetricFact[]);
  const times = batches.map((batch) => {
    const start = performance.now();
    index.add(batch);
    return (performance.now() - start) / BATCH;
  });
  batches.forEach((batch) => batch.forEach((fact) => baseline.hold(fact)));
  const columns = { position: new Float64Array(held + MEASURED_BATCHES * BATCH), occurredAt: new Float64Array(held + MEASURED_BATCHES * BATCH), recordedAt: new Float64Array(held + MEASURED_BATCHES * BATCH), value: new Float64Array(held + MEASURED_BATCHES * BATCH), version: new Uint32Array(held + MEASURED_BATCHES * BATCH) };
  let at = held;
  const rawTimes = batches.map((batch) => {
    const start = performance.now();
    for (const fact of batch) {
      columns.position[at] = fact.position;
      columns.occurredAt[at] = fact.occurredAt;
      columns.recordedAt[at] = fact.recordedAt;
      columns.value[at] = fact.value ?? 0;
      columns.version[at++] = fact.recordVersion;
    }
    return (performance.now() - start) / BATCH;
  });
  const nanoseconds = (milliseconds: number) => milliseconds * 1e6;
  return {
    index,
    baseline,
    perFact: { median: nanoseconds(percentile(sortedTimes(times), 50)), mean: nanoseconds(times.reduce((a, b) => a + b, 0) / times.length), raw: nanoseconds(percentile(sortedTimes(rawTimes), 50)) },
  };
}

/** (c) In a child run with --expose-gc: the heap the index of 1,000,000 facts takes. */
function measureHeapHere(): void {
  const gc = (globalThis as { gc?: () => void }).gc!;
  const used = () => {
    gc();
    gc();
    const { heapUsed, arrayBuffers } = process.memoryUsage();
    return { heapUsed, arrayBuffers };
  };
  let facts: Iterator<MetricFact> | null = dealLedger();
  const before = used();
  const index = new MetricIndex();
  for (let added = 0; added < FACTS; added += BATCH) index.add(take(facts, BATCH));
  facts = null; // the generator's deals are the bench's, not the index's
  // Read every series once: settled, they hold their sorted facts and prefix sums.
  const subjects = [...Array.from({ length: PEOPLE }, (_, n) => person(n)), ...Array.from({ length: UNITS }, (_, n): FactSubject => ({ type: 'unit', id: `unit-${n}` }))];
  index.read({ metric: METRIC, scope: everyone(subjects), window: { from: -Infinity, to: Infinity }, aggregation: 'sum', asOf: Infinity, upToPosition: Infinity });
  const after = used();
  const mib = (bytes: number) => bytes / 2 ** 20;
  console.log(JSON.stringify({ size: index.size, heapUsed: mib(after.heapUsed - before.heapUsed), arrayBuffers: mib(after.arrayBuffers - before.arrayBuffers) }));
}

function heapInChild(): { size: number; heapUsed: number; arrayBuffers: number } {
  const output = execFileSync(process.execPath, ['--expose-gc', '-r', join(__dirname, '..', '..', 'tools', 'register.cjs'), __filename, '--heap'], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(output.trim().split('\n').pop()!);
}

const everyone = (subjects: FactSubject[]) => subjects.map((subject) => ({ subject, from: -Infinity, to: Infinity }));
/** The organisation as a service holds it: one subject object per person, read in many scopes. */
const people = Array.from({ length: PEOPLE }, (_, n) => person(n));
const team = (first: number, size: number) => Array.from({ length: size }, (_, i) => people[(first + i) % PEOPLE]);

function main(): void {
  if (process.argv.includes('--heap')) return measureHeapHere();

  // Warm the JIT on a throwaway index, so that the small index is not measured cold.
  addCost(200_000);
  const small = addCost(SMALL).perFact;
  const { index, baseline, perFact: large } = addCost(FACTS);

  const ends = index.positionKnownAt(Infinity);
  const lastRecorded = START + ends * STEP;
  const times = {
    present: { upToPosition: Infinity, asOf: Infinity },
    'as known a week ago': { upToPosition: index.positionKnownAt(lastRecorded - 7 * DAY), asOf: Infinity },
    'Q3 frozen at its close (5 Oct)': { upToPosition: index.positionKnownAt(Date.UTC(2027, 9, 5)), asOf: Infinity },
    'as of 15 Aug': { upToPosition: Infinity, asOf: Date.UTC(2027, 7, 15) },
  };
  const scopes = {
    person: (n: number) => everyone(team(n, 1)),
    '10-person team': (n: number) => everyone(team(n, 10)),
    '5,000-person unit': (n: number) => everyone(team(n, 5_000)),
  };
  const query = (scope: MetricQuery['scope'], time: { upToPosition: number; asOf: number }): MetricQuery => ({ metric: METRIC, scope, window: Q3, aggregation: 'sum', ...time });

  // The first read of each series after a load sorts it and sums its prefixes: all at once here.
  const unitSubjects = Array.from({ length: UNITS }, (_, n): FactSubject => ({ type: 'unit', id: `unit-${n}` }));
  const everybody = everyone([...people, ...unitSubjects]);
  const settleMs = timedMs(() => index.read(query(everybody, times.present)));
  // A series' corrections at a cap are made on its first read there: all of them, for everybody's read.
  const buildMs = (time: { upToPosition: number; asOf: number }) => timedMs(() => index.read(query(everyone(people.concat(unitSubjects)), time)));
  const weekAgoBuildMs = buildMs(times['as known a week ago']);
  const closeBuildMs = buildMs(times['Q3 frozen at its close (5 Oct)']);

  const readRows: string[] = [];
  const next = random(11);
  for (const [scopeName, scopeOf] of Object.entries(scopes)) {
    for (const [timeName, time] of Object.entries(times)) {
      const reads = scopeName.includes('unit') ? 200 : 5_000;
      const queries = Array.from({ length: reads }, () => query(scopeOf(Math.floor(next() * PEOPLE)), time));
      index.read(queries[0]); // builds the corrections of its cap, measured above
      const latencies = sortedTimes(
        queries.map((q) => {
          const start = performance.now();
          index.read(q);
          return (performance.now() - start) * 1000;
        }),
      );
      const scanned = sortedTimes(
        queries.slice(0, 10).map((q) => {
          const start = performance.now();
          const expected = baseline.sum(q);
          const took = (performance.now() - start) * 1000;
          if (expected !== index.read(q).value) throw new Error(`${scopeName} ${timeName}: the index read ${index.read(q).value}, the scan ${expected}`);
          return took;
        }),
      );
      const us = (value: number) => (value < 100 ? value.toFixed(1) : Math.round(value).toLocaleString('en'));
      readRows.push(`| read sum, ${scopeName}, ${timeName}: p50 / p95 | ${us(percentile(latencies, 50))} / ${us(percentile(latencies, 95))} µs | scan ${us(percentile(scanned, 50))} / ${us(percentile(scanned, 95))} µs | ${Math.round(percentile(scanned, 50) / percentile(latencies, 50)).toLocaleString('en')}× |`);
    }
  }

  // A whole-cycle dashboard: 20,000 reads, in no particular order, of the goals of teams of 5-50
  // people (the organisation's teams, each read for many goals) and 20 units of 1,000-5,000.
  const teams: MetricQuery['scope'][] = [];
  for (let first = 0; first < PEOPLE; ) {
    const size = 5 + Math.floor(next() * 46);
    teams.push(everyone(team(first, Math.min(size, PEOPLE - first))));
    first += size;
  }
  const units = Array.from({ length: 20 }, () => everyone(team(Math.floor(next() * PEOPLE), 1_000 + Math.floor(next() * 4_000))));
  const dashboard = (time: { upToPosition: number; asOf: number }) =>
    Array.from({ length: 20_000 }, (_, i) => query(i < units.length ? units[i] : teams[Math.floor(next() * teams.length)], time)).sort(() => next() - 0.5);
  const dashboardMs = (queries: MetricQuery[]) => {
    const start = performance.now();
    queries.forEach((q) => index.read(q));
    return performance.now() - start;
  };
  const presentDashboard = dashboardMs(dashboard(times.present));
  const weekAgo = times['as known a week ago'];
  const freshCap = { ...weekAgo, upToPosition: weekAgo.upToPosition - 1 }; // a cap not read yet: the first read builds its corrections
  const cappedDashboard = dashboardMs(dashboard(freshCap));
  const closed = times['Q3 frozen at its close (5 Oct)'];
  const closedDashboard = dashboardMs(dashboard({ ...closed, upToPosition: closed.upToPosition - 1 }));
  const randomCaps = sortedTimes(Array.from({ length: RANDOM_CAPS }, () => dashboardMs(dashboard({ upToPosition: 1 + Math.floor(next() * (ends - 1)), asOf: Infinity }))));

  // (d) Snapshot and restore.
  let bytes: Uint8Array = new Uint8Array();
  const snapshotMs = timedMs(() => (bytes = index.snapshot()));
  let restored = new MetricIndex();
  const restoreMs = timedMs(() => (restored = MetricIndex.fromSnapshot(bytes)));
  const check = query(everyone(team(0, 5_000)), times['as known a week ago']);
  const firstReadMs = timedMs(() => restored.read(check)); // restored series are settled on their first read
  if (restored.read(check).value !== index.read(check).value) throw new Error('the restored index reads another sum');

  const heap = heapInChild();
  const fmt = (ns: number) => `${Math.round(ns).toLocaleString('en')} ns`;

  const lines = [
    '| measure | metric index | baseline | index vs baseline |',
    '| --- | ---: | ---: | ---: |',
    `| add, per fact, holding ${SMALL.toLocaleString('en')} (batches of ${BATCH}: median; mean) | ${fmt(small.median)}; ${fmt(small.mean)} | raw typed-array append ${fmt(small.raw)} | ${(small.median / small.raw).toFixed(0)}× |`,
    `| add, per fact, holding ${FACTS.toLocaleString('en')} (median; mean) | ${fmt(large.median)}; ${fmt(large.mean)} | raw typed-array append ${fmt(large.raw)} | ${(large.median / large.raw).toFixed(0)}× |`,
    `| add at 1,000,000 / add at 10,000 (target ≤ 1.5) | ${(large.median / small.median).toFixed(2)} (median), ${(large.mean / small.mean).toFixed(2)} (mean) | | |`,
    `| first read after loading, of all ${(PEOPLE + UNITS).toLocaleString('en')} series (sorts them, sums their prefixes) | ${settleMs.toFixed(0)} ms | | |`,
    `| first read of all ${(PEOPLE + UNITS).toLocaleString('en')} series at a new cap (makes each series' corrections there): a week ago (${(ends - times['as known a week ago'].upToPosition).toLocaleString('en')} facts after it); Q3's close (${(ends - times['Q3 frozen at its close (5 Oct)'].upToPosition).toLocaleString('en')} after) | ${weekAgoBuildMs.toFixed(0)} ms; ${closeBuildMs.toFixed(0)} ms | | |`,
    ...readRows,
    `| dashboard, 20,000 reads (19,980 of ${teams.length} teams of 5-50, 20 units of 1,000-5,000), present | ${presentDashboard.toFixed(0)} ms | | |`,
    `| same, as known a week ago (a new cap: builds its corrections) | ${cappedDashboard.toFixed(0)} ms | | |`,
    `| same, Q3 frozen at its close (a new cap, 3 months of facts after it) | ${closedDashboard.toFixed(0)} ms | | |`,
    `| same, at ${RANDOM_CAPS} random caps (each new), per dashboard: p50 / p95 | ${percentile(randomCaps, 50).toFixed(0)} / ${percentile(randomCaps, 95).toFixed(0)} ms | | |`,
    `| heap for ${heap.size.toLocaleString('en')} facts: heapUsed + arrayBuffers (target ≤ 200 MB) | ${(heap.heapUsed + heap.arrayBuffers).toFixed(0)} MiB (heapUsed ${heap.heapUsed.toFixed(0)} + arrayBuffers ${heap.arrayBuffers.toFixed(0)}) | | ${((2 ** 20 * (heap.heapUsed + heap.arrayBuffers)) / heap.size).toFixed(0)} bytes a fact |`,
    `| snapshot of ${index.size.toLocaleString('en')} facts: size, write, restore, first 5,000-person read after | ${(bytes.length / 2 ** 20).toFixed(0)} MiB, ${snapshotMs.toFixed(0)} ms, ${restoreMs.toFixed(0)} ms, ${firstReadMs.toFixed(0)} ms | | |`,
  ];
  const load = loadavg().map((l) => l.toFixed(1)).join(' / ');
  console.log(`Metric index, ${FACTS.toLocaleString('en')} facts of a year of deals over ${(PEOPLE + UNITS).toLocaleString('en')} subjects, on ${machine()} (load average ${load} at the end)\n\n${lines.join('\n')}`);
}

function timedMs(fn: () => unknown): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

main();
