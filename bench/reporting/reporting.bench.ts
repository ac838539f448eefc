/**
 * Reporting at the size DESIGN.md names: a whole-cycle company dashboard over 5,000 objectives,
 * 20,000 key results and 1,000,000 goal events (check-ins, a fifth of them reported late, and team
 * moves through the quarter), with 1,000,000 facts of a CRM metric in reporting's metric index and a
 * quarter of the goals bound to it at four levels (every person's target; one key result in four of
 * the team, department and company objectives), read as of random instants in the cycle (as known
 * now) and at random (asOf, knownAt) pairs, against the same answer computed per query by folding the
 * cycle's events with the domain and scanning the facts (a replay); the metric index's heap for the
 * facts (a child run with --expose-gc); the projection's rate into the journalled embedded read store;
 * and the reporting service itself started on that data directory (a child process): its start-up,
 * dashboard over HTTP and RSS.
 * `npm run bench -- reporting`; REPORTING_BENCH_SCALE (e.g. 0.1) shrinks objectives, events and facts
 * alike while iterating. To profile the dashboards alone:
 * `node --cpu-prof -r ./tools/register.cjs bench/reporting/reporting.bench.ts --dashboards-only [--only=asOf|pairs]`.
 */
import { GoalEventMessage } from '@okr/contracts';
import { BindingPeriod, checkInValue, foldEvents, KeyResult, MetricBinding, objectiveDecider, objectiveProgress } from '@okr/goals-domain';
import { InProcessBus } from '@okr/message-bus';
import { FactSubject, MetricFact, MetricIndex } from '@okr/metric-index';
import { EmbeddedReadStore } from '@okr/read-store';
import { Clock, signDevelopmentToken } from '@okr/service-kit';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReportValues } from '../../apps/reporting/src/application/report-values';
import { UnitReport, UnitReports } from '../../apps/reporting/src/application/unit-report';
import { reportingConfigSchema } from '../../apps/reporting/src/config/reporting.config';
import { GoalHistories } from '../../apps/reporting/src/history/goal-histories';
import { Instant } from '../../apps/reporting/src/history/instant';
import { StoredGoalEvent } from '../../apps/reporting/src/history/stored-goal-event';
import { GoalEventsProjection } from '../../apps/reporting/src/projections/goal-events.projection';
import { createReportingApp } from '../../apps/reporting/src/start-reporting';
import { machine, rate, timed } from '../machine';

const DEPARTMENTS = 10;
const TEAMS_PER_DEPARTMENT = 10;
const TEAMS = DEPARTMENTS * TEAMS_PER_DEPARTMENT;
const SCALE = Number(process.env.REPORTING_BENCH_SCALE ?? 1);
const OBJECTIVES = Math.round(5_000 * SCALE);
const KEY_RESULTS_PER_OBJECTIVE = 4;
const GOAL_EVENTS = Math.round(1_000_000 * SCALE);
const FACTS = Math.round(1_000_000 * SCALE);
const PEOPLE = 1_000;
/** People who change team during the quarter; half of the moves are recorded a week after they took effect. */
const MOVES = 50;
const SAMPLES = 200;
const BASELINE_SAMPLES = 10;
const SERVICE_SAMPLES = 40;
const METRIC = 'sales.won';
const MEAN_DEAL = 5_000;

const START = Date.parse('2027-01-01T00:00:00Z');
const END = Date.parse('2027-03-31T23:59:59Z');
/** The cycle's window of occurrences, [from, to). */
const WINDOW = { kind: 'cycle' as const, from: '2027-01-01T00:00:00.000Z', to: '2027-04-01T00:00:00.000Z' };
const WINDOW_TO = Date.parse(WINDOW.to);
const AFTER_QUARTER = Date.parse('2027-04-01T00:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SECRET = 'reporting-bench-secret-reporting-bench-secret';

/** A deterministic pseudo-random sequence in [0, 1). */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1664525 + 1013904223) % 4294967296;
    return state / 4294967296;
  };
}

const departmentOf = (team: number) => Math.floor(team / TEAMS_PER_DEPARTMENT);
const teamId = (team: number) => `d${departmentOf(team)}-t${team % TEAMS_PER_DEPARTMENT}`;
const personId = (person: number) => `p${person}`;
const homeTeam = (person: number) => person % TEAMS;

interface Move {
  person: number;
  from: number;
  to: number;
  effectiveAt: number;
  recordedAt: number;
}

/** The moves through the quarter, in the order they are recorded. */
const MOVED: Move[] = (() => {
  const next = random(99);
  const moves: Move[] = [];
  for (let i = 0; i < MOVES; i++) {
    const person = Math.floor((i * PEOPLE) / MOVES) + 3;
    const from = homeTeam(person);
    const to = (from + 1 + Math.floor(next() * (TEAMS - 1))) % TEAMS;
    const effectiveAt = START + Math.floor((0.1 + 0.8 * next()) * (END - START));
    moves.push({ person, from, to, effectiveAt, recordedAt: i % 2 === 0 ? effectiveAt : effectiveAt + 7 * DAY });
  }
  return moves.sort((a, b) => a.recordedAt - b.recordedAt);
})();

/** Which team's key results a person's fact that occurred at `occurredAt` counts for, on the organisation as known at knownAt. */
function teamAt(person: number, occurredAt: number, knownAt: number): number {
  const move = MOVED.find((m) => m.person === person);
  return move && move.recordedAt <= knownAt && occurredAt >= move.effectiveAt ? move.to : homeTeam(person);
}

/** Who a bound key result's scope is: a team, a department or the company, with what is under it. */
type Level = { kind: 'team'; team: number } | { kind: 'department'; department: number } | { kind: 'company' };

/** Every goal event of the organisation and the cycle, in global order, made one at a time. */
function* goalEvents(): Generator<StoredGoalEvent> {
  const next = random(42);
  let position = 0;
  const versions = new Map<string, number>();
  const event = (streamId: string, type: string, data: Record<string, unknown>, effectiveAt: number, recordedAt = effectiveAt, actor = 'bench'): StoredGoalEvent => {
    const streamVersion = (versions.get(streamId) ?? 0) + 1;
    versions.set(streamId, streamVersion);
    return { _id: `${streamId}@${streamVersion}`, streamId, streamVersion, globalPosition: ++position, type, data, actor, effectiveAt: new Date(effectiveAt).toISOString(), recordedAt: new Date(recordedAt).toISOString() };
  };
  const t0 = START - DAY;
  yield event('organization', 'UnitCreated', { unitId: 'acme', name: 'Acme', kind: 'company', parentId: null }, t0);
  for (let d = 0; d < DEPARTMENTS; d++) {
    yield event('organization', 'UnitCreated', { unitId: `d${d}`, name: `Department ${d}`, kind: 'department', parentId: 'acme' }, t0);
    for (let t = 0; t < TEAMS_PER_DEPARTMENT; t++) yield event('organization', 'UnitCreated', { unitId: `d${d}-t${t}`, name: `Team ${d}.${t}`, kind: 'team', parentId: `d${d}` }, t0);
  }
  for (let p = 0; p < PEOPLE; p++) {
    yield event('organization', 'PersonRegistered', { personId: personId(p), name: `Person ${p}`, email: `p${p}@acme.test` }, t0);
    yield event('organization', 'MemberAdded', { unitId: teamId(homeTeam(p)), personId: personId(p) }, t0);
  }
  for (let t = 0; t < TEAMS; t++) yield event('organization', 'LeadAssigned', { unitId: teamId(t), personId: personId(t) }, t0);
  yield event('cycle-q1', 'CycleDefined', { cycleId: 'q1', name: 'FY2027 Q1', kind: 'quarter', startsOn: '2027-01-01', endsOn: '2027-03-31', fiscalYear: 2027, quarter: 1 }, t0);

  const units = ['acme', ...Array.from({ length: DEPARTMENTS }, (_, d) => `d${d}`), ...Array.from({ length: TEAMS }, (_, t) => teamId(t))];
  const factsPerPerson = FACTS / PEOPLE;
  for (let o = 0; o < OBJECTIVES; o++) {
    const stream = `objective-o${o}`;
    const unitId = units[o % units.length];
    const kind = unitId === 'acme' ? 'company' : unitId.includes('-') ? 'team' : 'department';
    yield event(stream, 'ObjectiveDefined', { objectiveId: `o${o}`, cycleId: 'q1', title: `Objective ${o}`, owner: { type: kind, id: unitId }, commitment: 'committed', warnings: [] }, START);
    // k0 is the CRM's number for the owning unit (the won amount, or one objective in five the deal count); k1-k3 are checked in by hand.
    const people = kind === 'company' ? PEOPLE : kind === 'department' ? PEOPLE / DEPARTMENTS : PEOPLE / TEAMS;
    const aggregation = o % 5 === 4 ? 'count' : 'sum';
    const bound = Math.round(people * factsPerPerson * (aggregation === 'sum' ? MEAN_DEAL : 1) * 1.1);
    for (let k = 0; k < KEY_RESULTS_PER_OBJECTIVE; k++) {
      yield event(stream, 'KeyResultAdded', { keyResultId: `k${k}`, title: `KR ${k}`, weight: 1 + k, definition: { kind: 'metric', start: 0, target: k === 0 ? bound : 1_000, unit: 'x', direction: 'increase' } }, START);
    }
    const binding: MetricBinding = { metric: METRIC, aggregation, scope: { type: 'unit', unitId, includeSubUnits: true }, window: WINDOW };
    yield event(stream, 'KeyResultBoundToMetric', { keyResultId: 'k0', binding, previous: null }, START);
  }
  for (let p = 0; p < PEOPLE; p++) {
    const targetId = `t${p}`;
    yield event(`target-${targetId}`, 'TargetSet', { targetId, personId: personId(p), unitId: teamId(homeTeam(p)), cycleId: 'q1', metric: METRIC, unit: 'EUR', targetValue: Math.round(factsPerPerson * MEAN_DEAL), visibility: 'private' }, START);
    const binding: MetricBinding = { metric: METRIC, aggregation: 'sum', scope: { type: 'person', personId: personId(p) }, window: WINDOW };
    yield event(`target-${targetId}`, 'TargetBoundToMetric', { targetId, binding, previous: null }, START);
  }
  // Check-ins of the hand-reported key results through the quarter, recorded in time order (a fifth
  // are late reports dated up to two weeks back), and the team moves where they fall.
  const checkIns = GOAL_EVENTS - position - 2 * MOVED.length;
  const span = END - START;
  let move = 0;
  for (let c = 0; c < checkIns; c++) {
    const recordedAt = START + Math.floor((c / checkIns) * span);
    for (; move < MOVED.length && MOVED[move].recordedAt <= recordedAt; move++) {
      const { person, from, to, effectiveAt, recordedAt: at } = MOVED[move];
      yield event('organization', 'MemberRemoved', { unitId: teamId(from), personId: personId(person) }, effectiveAt, at);
      yield event('organization', 'MemberAdded', { unitId: teamId(to), personId: personId(person) }, effectiveAt, at);
    }
    const late = next() < 0.2;
    const effectiveAt = late ? Math.max(START, recordedAt - Math.floor(next() * 14 * DAY)) : recordedAt;
    const o = Math.floor(next() * OBJECTIVES);
    const confidence = next() < 0.1 ? 'at-risk' : 'on-track';
    yield event(`objective-o${o}`, 'KeyResultCheckInRecorded', { keyResultId: `k${1 + Math.floor(next() * (KEY_RESULTS_PER_OBJECTIVE - 1))}`, value: Math.floor((c / checkIns) * 1_000 * next() * 1.5), confidence }, effectiveAt, recordedAt, late ? 'integration:crm' : 'bench');
  }
  for (; move < MOVED.length; move++) {
    const { person, from, to, effectiveAt, recordedAt: at } = MOVED[move];
    yield event('organization', 'MemberRemoved', { unitId: teamId(from), personId: personId(person) }, effectiveAt, at);
    yield event('organization', 'MemberAdded', { unitId: teamId(to), personId: personId(person) }, effectiveAt, at);
  }
}

/** A deal as the ledger versions it. */
interface Deal {
  record: number;
  /** 0..PEOPLE-1 a person; PEOPLE + t team t's own (a deal booked to the team). */
  subject: number;
  value: number;
  occurredAt: number;
  version: number;
}

const subjectOf = (subject: number): FactSubject => (subject < PEOPLE ? { type: 'person', id: personId(subject) } : { type: 'unit', id: teamId(subject - PEOPLE) });

/**
 * The ledger in position order: a quarter of closed-won deals recorded as they close (most within
 * three days of closing, one in ten up to 30 days late, a few before the quarter), one fact in ten a
 * new version of a recent deal (a changed amount, a moved close date, a retraction), 1 % booked to
 * a team rather than a person. `visit` gets each fact's numbers; `fact` is built only when asked.
 */
function forEachFact(visit: (position: number, deal: Deal, retraction: boolean, recordedAt: number) => void): void {
  const next = random(7);
  const recent: Deal[] = [];
  let records = 0;
  for (let position = 1; position <= FACTS; position++) {
    const recordedAt = START + Math.floor((position / FACTS) * (END - START));
    if (recent.length > 1_000 && next() < 0.1) {
      const deal = recent[Math.floor(next() * recent.length)];
      const kind = next();
      deal.version++;
      if (kind < 0.1) {
        visit(position, deal, true, recordedAt);
        continue;
      }
      if (kind < 0.8) deal.value = 100 + Math.floor(next() * 2 * MEAN_DEAL);
      else deal.occurredAt = Math.min(recordedAt, deal.occurredAt + Math.round((next() - 0.5) * 20 * DAY));
      visit(position, deal, false, recordedAt);
      continue;
    }
    const subject = next() < 0.01 ? PEOPLE + Math.floor(next() * TEAMS) : Math.floor(next() * PEOPLE);
    const lag = next() < 0.1 ? next() * 30 * DAY : next() * 3 * DAY;
    const deal: Deal = { record: records++, subject, value: 100 + Math.floor(next() * 2 * MEAN_DEAL), occurredAt: Math.round(recordedAt - lag), version: 1 };
    recent.push(deal);
    if (recent.length > 50_000) recent[Math.floor(next() * 50_000)] = recent.pop()!;
    visit(position, deal, false, recordedAt);
  }
}

function factOf(position: number, deal: Deal, retraction: boolean, recordedAt: number): MetricFact {
  const recordId = `006${deal.record.toString(36).padStart(12, '0')}`;
  return {
    position,
    metric: METRIC,
    subject: subjectOf(deal.subject),
    sourceRecordKey: `crm:${recordId}:${METRIC}`,
    source: { system: 'crm', recordId },
    recordVersion: deal.version,
    operation: retraction ? 'retract' : 'upsert',
    ...(retraction ? {} : { value: deal.value }),
    occurredAt: deal.occurredAt,
    recordedAt,
  };
}

/** Adds every fact to an index in the feed's batches. */
function indexOfFacts(): MetricIndex {
  const index = new MetricIndex();
  let batch: MetricFact[] = [];
  forEachFact((position, deal, retraction, recordedAt) => {
    batch.push(factOf(position, deal, retraction, recordedAt));
    if (batch.length === 500) {
      index.add(batch);
      batch = [];
    }
  });
  index.add(batch);
  return index;
}

/** The facts as a replay without an index reads them: typed columns in position order. */
class FactScan {
  readonly record = new Int32Array(FACTS);
  readonly subject = new Int32Array(FACTS);
  readonly retraction = new Uint8Array(FACTS);
  readonly value = new Float64Array(FACTS);
  readonly occurredAt = new Float64Array(FACTS);
  readonly recordedAt = new Float64Array(FACTS);
  records = 0;

  constructor() {
    forEachFact((position, deal, retraction, recordedAt) => {
      const i = position - 1;
      this.record[i] = deal.record;
      this.subject[i] = deal.subject;
      this.retraction[i] = retraction ? 1 : 0;
      this.value[i] = deal.value;
      this.occurredAt[i] = deal.occurredAt;
      this.recordedAt[i] = recordedAt;
      this.records = Math.max(this.records, deal.record + 1);
    });
  }

  /**
   * Every fact looked at once: each record's newest version recorded by knownAt, when it is not a
   * retraction and it occurred in the cycle by asOf, summed per person and per team, each person's
   * deal in the team they were in when it closed.
   */
  totals(asOf: number, knownAt: number) {
    const newest = new Int32Array(this.records).fill(-1);
    for (let i = 0; i < FACTS && this.recordedAt[i] <= knownAt; i++) newest[this.record[i]] = i;
    const person = { sum: new Float64Array(PEOPLE), count: new Float64Array(PEOPLE) };
    const team = { sum: new Float64Array(TEAMS), count: new Float64Array(TEAMS) };
    for (const i of newest) {
      if (i < 0 || this.retraction[i] === 1) continue;
      const occurredAt = this.occurredAt[i];
      if (occurredAt < START || occurredAt >= WINDOW_TO || occurredAt > asOf) continue;
      const subject = this.subject[i];
      const t = subject < PEOPLE ? teamAt(subject, occurredAt, knownAt) : subject - PEOPLE;
      if (subject < PEOPLE) {
        person.sum[subject] += this.value[i];
        person.count[subject]++;
      }
      team.sum[t] += this.value[i];
      team.count[t]++;
    }
    const of = (level: Level, aggregation: 'sum' | 'count') => {
      const column = team[aggregation];
      if (level.kind === 'team') return column[level.team];
      let total = 0;
      for (let t = 0; t < TEAMS; t++) if (level.kind === 'company' || departmentOf(t) === level.department) total += column[t];
      return total;
    };
    return { person, of };
  }
}

const levelOf = (unitId: string): Level => {
  if (unitId === 'acme') return { kind: 'company' };
  const [d, t] = unitId.slice(1).split('-t').map(Number);
  return t === undefined ? { kind: 'department', department: d } : { kind: 'team', team: d * TEAMS_PER_DEPARTMENT + t };
};

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const sorted = (values: number[]) => [...values].sort((a, b) => a - b);

/** What both the dashboard and the replay give: total objective progress, bound company key results, total of the targets. */
interface Answer {
  progress: number;
  companyKeyResults: number[];
  targets: number;
}

function answerOf(report: UnitReport): Answer {
  return {
    progress: report.objectives.reduce((s, o) => s + (o.progress ?? 0), 0) + report.subUnits.reduce((s, u) => s + (u.objectives.progress ?? 0) * u.objectives.count, 0),
    companyKeyResults: report.objectives.map((o) => o.keyResults[0].value ?? NaN),
    targets: report.targets.rows.reduce((s, row) => s + row.value, 0),
  };
}

function sameAnswer(a: Answer, b: Answer): boolean {
  return Math.abs(a.progress - b.progress) < 1e-6 && a.targets === b.targets && a.companyKeyResults.length === b.companyKeyResults.length && a.companyKeyResults.every((v, i) => v === b.companyKeyResults[i]);
}

/** The replay: fold each objective's events visible at the instant with the domain, and take bound key results' values from one scan of the facts. */
function replay(objectiveStreams: Map<string, StoredGoalEvent[]>, facts: FactScan, { asOf, knownAt }: Instant): Answer {
  const totals = facts.totals(asOf, knownAt);
  const inForce = (periods: readonly BindingPeriod[]) => periods.filter((p) => Date.parse(p.effectiveAt) <= asOf).at(-1)?.binding ?? null;
  const valueOf = (keyResult: KeyResult) => {
    const binding = inForce(keyResult.bindings);
    if (!binding) return checkInValue(keyResult);
    if (binding.scope.type !== 'unit') throw new Error('the bench binds key results to units');
    return totals.of(levelOf(binding.scope.unitId), binding.aggregation as 'sum' | 'count');
  };
  let progress = 0;
  const companyKeyResults: [string, number][] = [];
  for (const [streamId, stream] of objectiveStreams) {
    const visible = stream.filter((e) => Date.parse(e.effectiveAt) <= asOf && Date.parse(e.recordedAt) <= knownAt);
    const state = foldEvents(objectiveDecider, visible.map((e) => ({ type: e.type, data: e.data, metadata: { effectiveAt: e.effectiveAt, recordedAt: e.recordedAt } })) as never);
    if (state.status !== 'active') continue;
    progress += objectiveProgress(state, valueOf).objective;
    if (state.owner.id === 'acme') companyKeyResults.push([streamId, valueOf(state.keyResults.k0) ?? NaN]);
  }
  // The dashboard lists the company's objectives by id.
  companyKeyResults.sort(([a], [b]) => a.localeCompare(b));
  let targets = 0;
  for (let p = 0; p < PEOPLE; p++) targets += totals.person.sum[p];
  return { progress, companyKeyResults: companyKeyResults.map(([, value]) => value), targets };
}

/** Random instants in the cycle (asOf), as known now: what the platform now knows the cycle was at each instant. */
function asOfInCycle(count: number, seed: number): Instant[] {
  const next = random(seed);
  return Array.from({ length: count }, () => ({ asOf: START + Math.floor(next() * (END - START)), knownAt: NOW }));
}

/** Random (asOf, knownAt) pairs in the cycle: knownAt after the quarter (30 %), else up to two weeks after asOf (what a dashboard showed then). */
function pairsInCycle(count: number, seed: number): Instant[] {
  const next = random(seed);
  return Array.from({ length: count }, () => {
    const asOf = START + Math.floor(next() * (END - START));
    const knownAt = next() < 0.3 ? AFTER_QUARTER : Math.min(AFTER_QUARTER, asOf + Math.floor(next() * 14 * DAY));
    return { asOf, knownAt };
  });
}

/** The present of the run: after the quarter, every fact and every (late-recorded) move known. */
const NOW = Date.parse('2027-04-10T00:00:00Z');
const clock: Clock = { now: () => new Date(NOW) };
const admin = { personId: 'bench', isAdmin: true };

interface Latencies {
  wall: number[];
  cpu: number[];
}

interface InProcessResults {
  events: number;
  loadMs: number;
  indexMs: number;
  facts: number;
  asOf: Latencies;
  pairs: Latencies;
  baseline: number[];
}

async function dashboardsInProcess(options = { baseline: true }): Promise<InProcessResults> {
  const histories = new GoalHistories();
  let events = 0;
  const loadMs = await timed(() => {
    for (const event of goalEvents()) {
      histories.add(event);
      events++;
    }
  });
  let index = new MetricIndex();
  const indexMs = await timed(() => (index = indexOfFacts()));

  const reports = new UnitReports(histories, new ReportValues(histories, index, clock), 3);
  for (const at of [...asOfInCycle(3, 8), ...pairsInCycle(3, 8)]) reports.report('acme', 'q1', at, admin); // warm up
  const answers = new Map<Instant, Answer>();
  const measure = async (instants: Instant[]): Promise<Latencies> => {
    const wall: number[] = [];
    // CPU time too: on a machine shared with other work, wall time also counts the waits for a core.
    const cpu: number[] = [];
    for (const at of instants) {
      const cpuBefore = process.cpuUsage();
      wall.push(await timed(() => answers.set(at, answerOf(reports.report('acme', 'q1', at, admin)))));
      const used = process.cpuUsage(cpuBefore);
      cpu.push((used.user + used.system) / 1000);
    }
    return { wall, cpu };
  };
  const asOfInstants = asOfInCycle(SAMPLES, 7);
  const pairInstants = pairsInCycle(SAMPLES, 7);
  // Profiling one kind alone: --dashboards-only --only=asOf (or pairs).
  const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);
  const asOf = await measure(only === 'pairs' ? [] : asOfInstants);
  const pairs = await measure(only === 'asOf' ? [] : pairInstants);
  if (!options.baseline) return { events, loadMs, indexMs, facts: index.size, asOf, pairs, baseline: [] };

  // Baseline: the same answers by replaying per query, from every objective event kept in memory as
  // a replaying reader would read them and the facts in typed columns (kept only now: a million live
  // objects slow every garbage collection, and would slow the dashboard too).
  const objectiveStreams = new Map<string, StoredGoalEvent[]>();
  for (const event of goalEvents()) {
    if (!event.streamId.startsWith('objective-')) continue;
    const stream = objectiveStreams.get(event.streamId) ?? [];
    stream.push(event);
    objectiveStreams.set(event.streamId, stream);
  }
  const facts = new FactScan();
  const baseline: number[] = [];
  for (const at of [...asOfInstants.slice(0, BASELINE_SAMPLES / 2), ...pairInstants.slice(0, BASELINE_SAMPLES / 2)]) {
    let replayed: Answer | undefined;
    baseline.push(await timed(() => (replayed = replay(objectiveStreams, facts, at))));
    if (!sameAnswer(replayed!, answers.get(at)!)) throw new Error(`at ${JSON.stringify(at)}: the dashboard says ${JSON.stringify(answers.get(at))}, replaying says ${JSON.stringify(replayed)}`);
  }
  return { events, loadMs, indexMs, facts: index.size, asOf, pairs, baseline };
}

const register = join(__dirname, '..', '..', 'tools', 'register.cjs');
const child = (args: string[], execArgv: string[] = []) => JSON.parse(execFileSync(process.execPath, [...execArgv, '-r', register, __filename, ...args], { encoding: 'utf8', maxBuffer: 1 << 24, stdio: ['ignore', 'pipe', 'inherit'] }).trim().split('\n').pop()!);

/** In a child run with --expose-gc: the heap the index of the facts takes. */
function measureIndexHeapHere(): void {
  const gc = (globalThis as { gc?: () => void }).gc!;
  const used = () => {
    gc();
    gc();
    const { heapUsed, arrayBuffers } = process.memoryUsage();
    return { heapUsed, arrayBuffers };
  };
  const before = used();
  const index = indexOfFacts();
  const after = used();
  const mib = (bytes: number) => bytes / 2 ** 20;
  console.log(JSON.stringify({ size: index.size, heapUsed: mib(after.heapUsed - before.heapUsed), arrayBuffers: mib(after.arrayBuffers - before.arrayBuffers) }));
}

/** The reporting service's data directory as it holds the goal events (its read store) and the facts (its metric index snapshot). */
async function writeDataDirectory(dataDir: string): Promise<{ events: number; projectionMs: number }> {
  const readStore = new EmbeddedReadStore(join(dataDir, 'reporting', 'read-models.ndjson'));
  const projection = new GoalEventsProjection(readStore, new GoalHistories());
  const asMessage = (e: StoredGoalEvent): GoalEventMessage => ({
    streamId: e.streamId, streamVersion: e.streamVersion, globalPosition: e.globalPosition, type: e.type, data: e.data,
    metadata: { eventId: e._id, actor: e.actor, recordedAt: e.recordedAt, effectiveAt: e.effectiveAt, correlationId: 'bench', causationId: 'bench', schemaVersion: 1 },
    hash: 'h', prevHash: null,
  });
  let events = 0;
  const batch: GoalEventMessage[] = [];
  const projectionMs = await timed(async () => {
    for (const event of goalEvents()) {
      events++;
      batch.push(asMessage(event));
      if (batch.length === 1_000) await projection.applyBatch(batch.splice(0));
    }
    await projection.applyBatch(batch.splice(0));
  });
  await readStore.close();
  writeFileSync(join(dataDir, 'reporting.metric-index'), indexOfFacts().snapshot());
  return { events, projectionMs };
}

/** In a child run with --expose-gc: the reporting service started on the data directory, a company dashboard over HTTP at random instants, and its memory. */
async function measureServiceHere(dataDir: string): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc!;
  let app: Awaited<ReturnType<typeof createReportingApp>> | undefined;
  const startMs = await timed(async () => {
    app = await createReportingApp(reportingConfigSchema.parse({ READ_STORE: 'embedded', DATA_DIR: dataDir, JWT_SECRET: SECRET }), { bus: new InProcessBus(), clock, logLevel: 'silent' });
    await app.listen(0, '127.0.0.1');
  });
  const url = await app!.getUrl();
  const token = await signDevelopmentToken({ secret: SECRET, subject: 'bench', role: 'admin' });
  const get = async (at: Instant) => {
    const res = await fetch(`${url.replace('[::1]', '127.0.0.1')}/units/acme/cycles/q1/dashboard?asOf=${new Date(at.asOf).toISOString()}&knownAt=${new Date(at.knownAt).toISOString()}`, { headers: { Authorization: `Bearer ${token}` } });
    if (res.status !== 200) throw new Error(`dashboard: ${res.status} ${await res.text()}`);
    return (await res.json()) as UnitReport;
  };
  for (const at of asOfInCycle(3, 8)) await get(at);
  const latencies: number[] = [];
  for (const at of [...asOfInCycle(SERVICE_SAMPLES / 2, 9), ...pairsInCycle(SERVICE_SAMPLES / 2, 9)]) latencies.push(await timed(() => get(at)));
  gc();
  gc();
  const { rss, heapUsed, heapTotal, arrayBuffers } = process.memoryUsage();
  await app!.close();
  const mib = (bytes: number) => bytes / 2 ** 20;
  console.log(JSON.stringify({ startMs, rss: mib(rss), heapUsed: mib(heapUsed), heapTotal: mib(heapTotal), arrayBuffers: mib(arrayBuffers), latencies }));
}

async function main() {
  if (process.argv.includes('--index-heap')) return measureIndexHeapHere();
  const serviceAt = process.argv.indexOf('--service');
  if (serviceAt >= 0) return measureServiceHere(process.argv[serviceAt + 1]);
  if (process.argv.includes('--dashboards-only')) {
    // For profiling (node --cpu-prof ... --dashboards-only): the in-process dashboards alone.
    const { asOf, pairs } = await dashboardsInProcess({ baseline: false });
    const p50p95 = (values: number[]) => [50, 95].map((p) => Math.round(percentile(sorted(values), p)));
    return console.log(JSON.stringify({ asOf: { wall: p50p95(asOf.wall), cpu: p50p95(asOf.cpu) }, pairs: { wall: p50p95(pairs.wall), cpu: p50p95(pairs.cpu) } }));
  }

  const results = await dashboardsInProcess();
  const heap = child(['--index-heap'], ['--expose-gc']);
  const dataDir = mkdtempSync(join(tmpdir(), 'okr-reporting-bench-'));
  let service: { startMs: number; rss: number; heapUsed: number; heapTotal: number; arrayBuffers: number; latencies: number[] };
  let projection: { events: number; projectionMs: number };
  try {
    projection = await writeDataDirectory(dataDir);
    service = child(['--service', dataDir], ['--expose-gc']);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }

  const baseline = sorted(results.baseline);
  const http = sorted(service.latencies);
  const baseP50 = percentile(baseline, 50);
  const ms = (value: number) => (value < 100 ? value.toFixed(1) : Math.round(value).toLocaleString('en'));
  const met = (value: number, target: number) => (value <= target ? 'met' : 'missed');
  const p50p95 = (values: number[]) => `${ms(percentile(sorted(values), 50))} / ${ms(percentile(sorted(values), 95))} ms`;
  const p95Of = (values: number[]) => percentile(sorted(values), 95);
  const boundKeyResults = OBJECTIVES;
  const teams = Math.round((OBJECTIVES * TEAMS) / (1 + DEPARTMENTS + TEAMS));
  const departments = Math.round((OBJECTIVES * DEPARTMENTS) / (1 + DEPARTMENTS + TEAMS));
  console.log(
    [
      `Reporting on ${machine()} (load average ${loadavg()[0].toFixed(1)} when it finished)`,
      '',
      `${results.events.toLocaleString('en')} goal events: ${OBJECTIVES.toLocaleString('en')} objectives, ${(OBJECTIVES * KEY_RESULTS_PER_OBJECTIVE).toLocaleString('en')} key results, hand check-ins (20 % late), ${MOVES} team moves, ${PEOPLE.toLocaleString('en')} people with targets, ${1 + DEPARTMENTS * (TEAMS_PER_DEPARTMENT + 1)} units.`,
      `${results.facts.toLocaleString('en')} facts of ${METRIC} in reporting's metric index (10 % new versions of a deal, 1 % booked to a team). Bound to it: ${PEOPLE.toLocaleString('en')} person targets and ${boundKeyResults.toLocaleString('en')} key results (one in four): about ${teams.toLocaleString('en')} team, ${departments.toLocaleString('en')} department and ${(boundKeyResults - teams - departments).toLocaleString('en')} company ones.`,
      '',
      '| measure | result | target |',
      '| --- | ---: | --- |',
      `| whole-cycle company dashboard as of ${SAMPLES} random instants in the cycle, as known now: wall p50 / p95 | ${p50p95(results.asOf.wall)} | p95 <= 100 ms ${met(p95Of(results.asOf.wall), 100)} |`,
      `| same, CPU time of the process per query p50 / p95 | ${p50p95(results.asOf.cpu)} | |`,
      `| same dashboard at ${SAMPLES} random (asOf, knownAt) pairs in the cycle (70 % as known up to two weeks after asOf): wall p50 / p95 | ${p50p95(results.pairs.wall)} | p95 <= 100 ms ${met(p95Of(results.pairs.wall), 100)} |`,
      `| same, CPU time of the process per query p50 / p95 | ${p50p95(results.pairs.cpu)} | |`,
      `| baseline: replay per query (fold the cycle's events with the domain, scan the facts; ${BASELINE_SAMPLES} samples of both kinds, same answers checked) p50 | ${ms(baseP50)} ms | |`,
      `| dashboard / baseline (p50, as of / pairs) | ${(baseP50 / percentile(sorted(results.asOf.wall), 50)).toFixed(0)} x / ${(baseP50 / percentile(sorted(results.pairs.wall), 50)).toFixed(0)} x faster | |`,
      `| metric index of ${heap.size.toLocaleString('en')} facts: heapUsed + arrayBuffers | ${(heap.heapUsed + heap.arrayBuffers).toFixed(0)} MiB (${heap.heapUsed.toFixed(0)} + ${heap.arrayBuffers.toFixed(0)}) | <= 200 MB ${met(((heap.heapUsed + heap.arrayBuffers) * 2 ** 20) / 1e6, 200)} |`,
      `| load the goal events into the in-memory history | ${rate(results.events, results.loadMs).toLocaleString('en')} events/s (${(results.loadMs / 1000).toFixed(1)} s) | |`,
      `| add the facts to the metric index (batches of 500) | ${rate(results.facts, results.indexMs).toLocaleString('en')} facts/s (${(results.indexMs / 1000).toFixed(1)} s) | |`,
      `| projection into the journalled embedded read store (${projection.events.toLocaleString('en')} events) | ${rate(projection.events, projection.projectionMs).toLocaleString('en')} events/s | |`,
      `| reporting service started on that data directory (read store and metric index snapshot) | ${(service.startMs / 1000).toFixed(1)} s | |`,
      `| same service: company dashboard over HTTP, ${SERVICE_SAMPLES} random instants (half as of, half pairs), p50 / p95 | ${ms(percentile(http, 50))} / ${ms(percentile(http, 95))} ms | |`,
      `| same service: RSS with ${projection.events.toLocaleString('en')} events and ${heap.size.toLocaleString('en')} facts (after GC: heapUsed of heapTotal; arrayBuffers) | ${Math.round(service.rss).toLocaleString('en')} MiB (${Math.round(service.heapUsed).toLocaleString('en')} of ${Math.round(service.heapTotal).toLocaleString('en')}; ${Math.round(service.arrayBuffers).toLocaleString('en')}) | |`,
    ].join('\n'),
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
