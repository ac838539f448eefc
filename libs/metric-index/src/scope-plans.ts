import { ScopeInterval } from './metric-query';
import { MetricSeries } from './metric-series';
import { MetricSubjects } from './series-catalog';

/** Scopes shorter than this are looked up interval by interval: resolving them would cost as much as it saves. */
export const PLANNED_AT_LEAST = 4;

/**
 * A scope resolved for one metric: the intervals whose subject has a series of the metric, with
 * that series and their bounds, in arrays rather than objects to look up. Valid while the metric
 * has as many series as when it was made (series are never removed, so none found can change).
 *
 * It also keeps, for the last (window, asOf, cap) it was summed at, each interval's count and
 * exact sum (as a double-double, when it is one: else it is not kept), with the version of the
 * interval's series then (SeriesCatalog.versions): a dashboard reads a scope for several goals at
 * the same instants, and an interval whose series has not changed since is answered from these
 * arrays alone, without touching the series.
 */
export class ScopePlan {
  readonly ids: Int32Array;
  /** Per interval: the version of its series when its count and sum were kept; -1 when they are not. */
  readonly keptAt: Int32Array;
  readonly counts: Int32Array;
  readonly highs: Float64Array;
  readonly lows: Float64Array;
  private keptFrom = NaN;
  private keptTo = NaN;
  private keptAsOf = NaN;
  private keptCap = NaN;

  readonly from: Float64Array;
  readonly to: Float64Array;

  /** `bounds`: each interval's from and to, in turn. */
  constructor(
    readonly metric: string,
    readonly seriesHeld: number,
    readonly series: readonly MetricSeries[],
    bounds: readonly number[],
    /** The plan of another metric for the same scope (rare: a scope is mostly read for one metric). */
    readonly next: ScopePlan | null,
  ) {
    const length = series.length;
    // One allocation for the plan's seven arrays: doubles first, so that every view is aligned.
    const buffer = new ArrayBuffer(44 * length);
    this.from = new Float64Array(buffer, 0, length);
    this.to = new Float64Array(buffer, 8 * length, length);
    this.highs = new Float64Array(buffer, 16 * length, length);
    this.lows = new Float64Array(buffer, 24 * length, length);
    this.ids = new Int32Array(buffer, 32 * length, length);
    this.keptAt = new Int32Array(buffer, 36 * length, length).fill(-1);
    this.counts = new Int32Array(buffer, 40 * length, length);
    for (let i = 0; i < length; i++) {
      this.from[i] = bounds[2 * i];
      this.to[i] = bounds[2 * i + 1];
      this.ids[i] = series[i].id;
    }
  }

  /** Readies the kept counts and sums for a read at these instants: those kept for others are dropped. `cap` identifies the corrections read with (0: none). */
  keepFor(windowFrom: number, windowTo: number, asOf: number, cap: number): void {
    if (windowFrom === this.keptFrom && windowTo === this.keptTo && asOf === this.keptAsOf && cap === this.keptCap) return;
    this.keptFrom = windowFrom;
    this.keptTo = windowTo;
    this.keptAsOf = asOf;
    this.keptCap = cap;
    this.keptAt.fill(-1);
  }

  /** The plan with the same resolution and nothing kept, linked to `next`. */
  relinked(next: ScopePlan | null): ScopePlan {
    const bounds: number[] = [];
    for (let i = 0; i < this.series.length; i++) bounds.push(this.from[i], this.to[i]);
    return new ScopePlan(this.metric, this.seriesHeld, this.series, bounds, next);
  }
}

/**
 * Plans by scope array. Callers hold a scope's intervals as one array (goals and reporting keep them
 * per unit and instant known) and read it for many goals: a dashboard reads a team's scope for
 * each of its key results. The array is the key, so a scope must not change once read: its
 * intervals are the caller's to keep, as the query types say (readonly). Held weakly: a plan goes
 * with its scope.
 */
export class ScopePlans {
  /**
   * By scope array: its plans, or how many times it was read before one was made. A scope is
   * planned on its third read: many are made for a read or two (a report reads a unit's scope at
   * the instants it shows for a goal's sum and count), and planning those would cost more than it
   * saves.
   */
  private readonly plans = new WeakMap<readonly ScopeInterval[], ScopePlan | number>();

  /** Whether this scope array was read before (and so its bounds checked). */
  known(scope: readonly ScopeInterval[]): boolean {
    return scope.length >= PLANNED_AT_LEAST && this.plans.has(scope);
  }

  /**
   * The plan of `scope` for `metric`, made or made again if the metric has new series since; null
   * for the first reads of the scope (the caller looks its intervals up one by one).
   */
  planOf(scope: readonly ScopeInterval[], metric: string, subjects: MetricSubjects): ScopePlan | null {
    const first = this.plans.get(scope) ?? 0;
    if (typeof first === 'number') {
      if (first + 1 < READS_BEFORE_A_PLAN) {
        this.plans.set(scope, first + 1);
        return null;
      }
      const plan = resolve(scope, metric, subjects, null);
      this.plans.set(scope, plan);
      return plan;
    }
    for (let plan: ScopePlan | null = first; plan; plan = plan.next) if (plan.metric === metric && plan.seriesHeld === subjects.count) return plan;
    let others: ScopePlan | null = null;
    for (let plan: ScopePlan | null = first; plan; plan = plan.next) if (plan.metric !== metric) others = plan.relinked(others);
    const plan = resolve(scope, metric, subjects, others);
    this.plans.set(scope, plan);
    return plan;
  }
}

/** A scope is planned on this read. */
const READS_BEFORE_A_PLAN = 3;

function resolve(scope: readonly ScopeInterval[], metric: string, subjects: MetricSubjects, next: ScopePlan | null): ScopePlan {
  const series: MetricSeries[] = [];
  const bounds: number[] = [];
  for (const interval of scope) {
    const found = subjects.find(interval.subject);
    if (!found || !(interval.from < interval.to)) continue;
    series.push(found);
    bounds.push(interval.from, interval.to);
  }
  return new ScopePlan(metric, subjects.count, series, bounds, next);
}
