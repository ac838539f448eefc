import { FactSubject, ScopeInterval } from '@okr/metric-index';
import { knownChanges, OrganizationTimeline } from '../organization/organization-timeline';
import { MetricScope } from './metric-binding';

interface Span {
  from: number;
  to: number;
}

/** Who was where, and when, in the organisation as known at one instant. */
interface UnitHistory {
  createdAt: Map<string, number>;
  /** unit → its members' membership spans. */
  members: Map<string, { personId: string; span: Span }[]>;
  /** unit → the spans during which each child sat under it. */
  children: Map<string, { unitId: string; span: Span }[]>;
}

/**
 * Whose facts a scope counts, and when: a person's all their facts; a unit's the facts of its
 * members while they were members, of its sub-units' members while those units sat under it
 * (when the scope includes sub-units), and the units' own facts while they were part of it. A
 * person moved between teams mid-quarter counts in each team for the days they were in it. Read
 * on the organisation as known at `knownAt`; a person in two of the scope's units at once counts once.
 */
export function scopeIntervals(timeline: OrganizationTimeline, scope: MetricScope, knownAt = Infinity): ScopeInterval[] {
  if (scope.type === 'person') return [{ subject: { type: 'person', id: scope.personId }, from: -Infinity, to: Infinity }];
  const key = `${scope.unitId}\u0000${scope.includeSubUnits}\u0000${knownAt}`;
  let answers = resolved.get(timeline);
  if (!answers) resolved.set(timeline, (answers = new Map()));
  let intervals = answers.get(key);
  if (!intervals) {
    if (answers.size >= SCOPES_KEPT) answers.delete(answers.keys().next().value!);
    answers.set(key, (intervals = resolve(historyOf(timeline, knownAt), scope.unitId, scope.includeSubUnits)));
  }
  return intervals;
}

const resolved = new WeakMap<OrganizationTimeline, Map<string, ScopeInterval[]>>();
const histories = new WeakMap<OrganizationTimeline, Map<number, UnitHistory>>();
const SCOPES_KEPT = 4_096;
/** The tree cannot be deeper than this (moves that would make a loop are refused); a guard all the same. */
const MAX_DEPTH = 64;

function resolve(history: UnitHistory, unitId: string, includeSubUnits: boolean): ScopeInterval[] {
  const spans = new Map<string, { subject: FactSubject; spans: Span[] }>();
  const add = (subject: FactSubject, from: number, to: number) => {
    if (!(from < to)) return;
    const key = `${subject.type}:${subject.id}`;
    let entry = spans.get(key);
    if (!entry) spans.set(key, (entry = { subject, spans: [] }));
    entry.spans.push({ from, to });
  };
  const collect = (id: string, from: number, to: number, depth: number) => {
    add({ type: 'unit', id }, Math.max(from, history.createdAt.get(id) ?? Infinity), to);
    for (const { personId, span } of history.members.get(id) ?? []) add({ type: 'person', id: personId }, Math.max(from, span.from), Math.min(to, span.to));
    if (!includeSubUnits || depth >= MAX_DEPTH) return;
    for (const child of history.children.get(id) ?? []) {
      const start = Math.max(from, child.span.from);
      const end = Math.min(to, child.span.to);
      if (start < end) collect(child.unitId, start, end, depth + 1);
    }
  };
  collect(unitId, -Infinity, Infinity, 0);
  return [...spans.values()]
    .sort((a, b) => (a.subject.type + a.subject.id < b.subject.type + b.subject.id ? -1 : 1))
    .flatMap(({ subject, spans: own }) => merged(own).map((span) => ({ subject, ...span })));
}

/** Overlapping or touching spans of one subject as one. */
function merged(spans: Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.from - b.from);
  const out: Span[] = [];
  for (const span of sorted) {
    const last = out[out.length - 1];
    if (last && span.from <= last.to) last.to = Math.max(last.to, span.to);
    else out.push({ ...span });
  }
  return out;
}

function historyOf(timeline: OrganizationTimeline, knownAt: number): UnitHistory {
  let byKnownAt = histories.get(timeline);
  if (!byKnownAt) histories.set(timeline, (byKnownAt = new Map()));
  let history = byKnownAt.get(knownAt);
  if (!history) {
    if (byKnownAt.size >= SCOPES_KEPT) byKnownAt.delete(byKnownAt.keys().next().value!);
    byKnownAt.set(knownAt, (history = sweep(timeline, knownAt)));
  }
  return history;
}

/** One pass over the known changes in valid-time order, opening and closing spans. */
function sweep(timeline: OrganizationTimeline, knownAt: number): UnitHistory {
  const history: UnitHistory = { createdAt: new Map(), members: new Map(), children: new Map() };
  const openMembers = new Map<string, Map<string, number>>();
  const openParent = new Map<string, { parentId: string; from: number }>();
  const closeParent = (unitId: string, at: number) => {
    const open = openParent.get(unitId);
    if (!open) return;
    pushTo(history.children, open.parentId, { unitId, span: { from: open.from, to: at } });
    openParent.delete(unitId);
  };
  for (const { event, effective } of knownChanges(timeline, knownAt)) {
    switch (event.type) {
      case 'UnitCreated':
        if (!history.createdAt.has(event.data.unitId)) history.createdAt.set(event.data.unitId, effective);
        if (event.data.parentId) openParent.set(event.data.unitId, { parentId: event.data.parentId, from: effective });
        break;
      case 'UnitMoved':
        closeParent(event.data.unitId, effective);
        openParent.set(event.data.unitId, { parentId: event.data.parentId, from: effective });
        break;
      case 'MemberAdded': {
        let open = openMembers.get(event.data.unitId);
        if (!open) openMembers.set(event.data.unitId, (open = new Map()));
        if (!open.has(event.data.personId)) open.set(event.data.personId, effective);
        break;
      }
      case 'MemberRemoved': {
        const from = openMembers.get(event.data.unitId)?.get(event.data.personId);
        if (from === undefined) break;
        openMembers.get(event.data.unitId)!.delete(event.data.personId);
        pushTo(history.members, event.data.unitId, { personId: event.data.personId, span: { from, to: effective } });
        break;
      }
      default:
        break;
    }
  }
  for (const [unitId, open] of openMembers) for (const [personId, from] of open) pushTo(history.members, unitId, { personId, span: { from, to: Infinity } });
  for (const unitId of [...openParent.keys()]) closeParent(unitId, Infinity);
  return history;
}

function pushTo<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
