import { discloseFigures, Figure, withholdingText } from '@okr/disclosure';
import { CountedFact, MetricQuery, MetricReading } from '@okr/metric-index';
import { canSeeContribution } from '../organization/contribution-visibility';
import { Viewer } from '../organization/individual-target-visibility';
import { OrganizationState } from '../organization/organization.state';
import { OrganizationTimeline } from '../organization/organization-timeline';
import { BoundGoalRef, boundGoalKey } from './bound-goal-ref';
import { boundValueDisclosure, BoundValueDisclosure, isPick } from './bound-value-disclosure';
import { bindingAt, checkInValue, ValuedGoal } from './goal-value';
import { MetricBinding } from './metric-binding';
import { LedgerPositions, metricQueryOf } from './metric-query-of';
import { ReadInstants } from './read-instants';

/** What bound goals' values are read from: a metric index (libs/metric-index), held by the service. */
export interface MetricReader extends LedgerPositions {
  read(query: MetricQuery): MetricReading;
  counted(query: MetricQuery): CountedFact[];
  people(query: MetricQuery): string[];
}

/** Another figure over people's facts, judged together with bound goals of the same quantity (a unit's quota aggregate). */
export interface PeopleFigure {
  id: string;
  /** quantityOf the query its people's values are read with. */
  quantity: string;
  people: ReadonlySet<string>;
}

/**
 * Figures are comparable when they sum the same values: one metric over one window, read at the
 * same instants and cap, summed (an average is a sum over a count) or counted. Picks are judged
 * alone anyway.
 */
export function quantityOf(query: MetricQuery): string {
  const measure = query.aggregation === 'count' ? 'count' : 'amount';
  return [query.metric, query.window.from, query.window.to, query.asOf, query.upToPosition, measure].join('|');
}

/** The ledger position a closed cycle's bound goal is frozen at; undefined: not frozen, read every fact known. */
export type FrozenAt = (goal: BoundGoalRef) => number | undefined;

/**
 * Goals' values at one set of instants, the one reading goals and reporting share: a goal bound
 * then reads its metric (metricQueryOf) on the organisation as known at knownAt, capped for a
 * closed cycle's goals at the ledger position their value was frozen at; any other goal holds its
 * check-in. Pure: the index is passed in, nothing is read from anywhere else.
 */
export class BoundValues {
  /**
   * Queries and readings already made, by binding and cap: a report reads each goal for its value,
   * its progress and its disclosure, and this answers the same instants every time.
   */
  private readonly made = new Map<MetricBinding, Map<number, { query: MetricQuery; reading?: MetricReading }>>();
  /** By boundGoalKey: what judgeTogether decided, which disclosure answers from then on. */
  private readonly judged = new Map<string, BoundValueDisclosure>();

  constructor(
    readonly instants: ReadInstants,
    private readonly organization: OrganizationTimeline,
    private readonly index: MetricReader,
    private readonly frozenAt: FrozenAt = () => undefined,
  ) {}

  /** The binding in force at the instant read at, or null. */
  binding(goal: ValuedGoal): MetricBinding | null {
    return bindingAt(goal, this.instants);
  }

  /** The index query behind a goal's value, or null when no binding is in force at the instant read at. */
  query(goal: ValuedGoal, ref: BoundGoalRef): MetricQuery | null {
    return this.memo(goal, ref)?.query ?? null;
  }

  reading(goal: ValuedGoal, ref: BoundGoalRef): MetricReading | null {
    const memo = this.memo(goal, ref);
    if (!memo) return null;
    memo.reading ??= this.index.read(memo.query);
    return memo.reading;
  }

  /** The metric's reading while bound, else the holding check-in. */
  value(goal: ValuedGoal, ref: BoundGoalRef): number | null {
    const reading = this.reading(goal, ref);
    return reading ? reading.value : checkInValue(goal);
  }

  /** The facts behind a bound goal's value (its lineage); none for a goal not bound at the instant. */
  counted(goal: ValuedGoal, ref: BoundGoalRef): CountedFact[] {
    const query = this.query(goal, ref);
    return query ? this.index.counted(query) : [];
  }

  /**
   * Whether the viewer may see the value: people's private numbers summed over too few are
   * withheld; once judgeTogether has run, as it decided with the other figures the viewer sees.
   */
  disclosure(goal: ValuedGoal, ref: BoundGoalRef, org: OrganizationState, viewer: Viewer, minGroupSize = org.policy.minGroupSize): BoundValueDisclosure {
    const judged = this.judged.get(boundGoalKey(ref));
    if (judged) return judged;
    const query = this.query(goal, ref);
    const reading = this.reading(goal, ref);
    if (!query || !reading) return { withheld: false };
    return boundValueDisclosure(org, viewer, { count: reading.people, people: () => this.index.people(query) }, minGroupSize, query.aggregation);
  }

  /**
   * Every figure a viewer can obtain over the same facts, judged together by the disclosure rule
   * (libs/disclosure): the bound goals given (each over the people whose facts counted) and the
   * other figures, quantity by quantity, so that no difference of two of them isolates a small
   * group. Returns what it withholds of `others` by id; bound goals answer through disclosure().
   */
  judgeTogether(goals: readonly { goal: ValuedGoal; ref: BoundGoalRef }[], others: readonly PeopleFigure[], org: OrganizationState, viewer: Viewer, minGroupSize: number): Map<string, string> {
    const byQuantity = new Map<string, Figure[]>();
    const add = (quantity: string, figure: Figure) => {
      const figures = byQuantity.get(quantity);
      if (figures) figures.push(figure);
      else byQuantity.set(quantity, [figure]);
    };
    for (const { goal, ref } of goals) {
      const query = this.query(goal, ref);
      const reading = this.reading(goal, ref);
      if (!query || !reading || reading.people === 0) continue;
      add(quantityOf(query), { id: boundGoalKey(ref), kind: isPick(query.aggregation) ? 'pick' : 'sum', people: new Set(this.index.people(query)) });
    }
    for (const figure of others) add(figure.quantity, { id: figure.id, kind: 'sum', people: figure.people });
    const seesPerson = (id: string) => canSeeContribution(org, viewer, { type: 'person', id });
    const withheldOthers = new Map<string, string>();
    const otherIds = new Set(others.map((figure) => figure.id));
    for (const figures of byQuantity.values()) {
      const withheld = viewer.isAdmin ? new Map() : discloseFigures(figures, { seesPerson }, minGroupSize);
      for (const figure of figures) {
        const reason = withheld.get(figure.id);
        if (otherIds.has(figure.id)) {
          if (reason) withheldOthers.set(figure.id, withholdingText(reason, minGroupSize));
        } else this.judged.set(figure.id, reason ? { withheld: true, reason: withholdingText(reason, minGroupSize) } : { withheld: false });
      }
    }
    return withheldOthers;
  }

  private memo(goal: ValuedGoal, ref: BoundGoalRef) {
    const binding = this.binding(goal);
    if (!binding) return undefined;
    const frozenAt = this.frozenAt(ref) ?? Infinity;
    let byCap = this.made.get(binding);
    if (!byCap) this.made.set(binding, (byCap = new Map()));
    let memo = byCap.get(frozenAt);
    if (!memo) byCap.set(frozenAt, (memo = { query: metricQueryOf(binding, this.instants, this.organization, this.index, frozenAt) }));
    return memo;
  }
}
