import { emptyOrganization, knownChanges, latestEffective, OrganizationEvent, organizationAt, OrganizationTimeline, organizationWith, TimedEvent } from '@okr/goals-domain';
import { at, DeciderSpecification, GivenEvent } from '@okr/testing';
import fc from 'fast-check';
import { organizationDecider } from './organization.decider';
import { defaultPolicy } from './organization.state';

const DAY = 86_400_000;
const T0 = Date.parse('2027-01-01T00:00:00.000Z');
const iso = (instant: number) => new Date(instant).toISOString();
const dated = (event: OrganizationEvent, effective: number, recorded = effective): TimedEvent<OrganizationEvent> => ({ ...event, metadata: { effectiveAt: iso(effective), recordedAt: iso(recorded) } });

const unit = (unitId: string, parentId: string | null = 'acme'): OrganizationEvent => ({ type: 'UnitCreated', data: { unitId, name: unitId, kind: parentId ? 'team' : 'company', parentId } });
const person = (personId: string): OrganizationEvent => ({ type: 'PersonRegistered', data: { personId, name: personId, email: `${personId}@acme.test` } });
const joins = (personId: string, unitId: string): OrganizationEvent => ({ type: 'MemberAdded', data: { unitId, personId } });
const leaves = (personId: string, unitId: string): OrganizationEvent => ({ type: 'MemberRemoved', data: { unitId, personId } });
const renamed = (personId: string, name: string): OrganizationEvent => ({ type: 'PersonRenamed', data: { personId, name, previousName: personId } });

/** Acme with two teams and three people, set up on day 0; then moves recorded one a day. */
const setUp = [dated(unit('acme', null), T0), dated(unit('emea'), T0), dated(unit('us'), T0), ...['rita', 'sam', 'uma'].flatMap((p) => [dated(person(p), T0), dated(joins(p, 'emea'), T0)])];
const moves = [dated(leaves('rita', 'emea'), T0 + DAY), dated(joins('rita', 'us'), T0 + DAY), dated(renamed('sam', 'Samuel'), T0 + 2 * DAY), dated(leaves('uma', 'emea'), T0 + 3 * DAY)];
const instants = [undefined, T0 - 1, T0, T0 + DAY - 1, T0 + DAY, T0 + 2 * DAY, T0 + 3 * DAY, T0 + 10 * DAY];

function fold(events: TimedEvent<OrganizationEvent>[], from = organizationDecider.initialState()): OrganizationTimeline {
  return events.reduce(organizationDecider.evolve, from);
}

/** Everything a reader can ask a timeline, as JSON. */
function answers(timeline: OrganizationTimeline, at: (number | undefined)[] = instants): string {
  const reads = at.flatMap((asOf) => at.map((knownAt) => organizationAt(timeline, { asOf, knownAt })));
  return JSON.stringify({ changes: timeline.changes, current: timeline.current, reads, known: at.map((knownAt) => knownChanges(timeline, knownAt)), latest: latestEffective(timeline) });
}

/** The stable sort by valid time the timeline keeps its changes in: ties stay in the order they were folded. */
const inValidTime = (events: TimedEvent<OrganizationEvent>[]) =>
  events
    .map((event) => ({ event, effective: Date.parse(event.metadata.effectiveAt) }))
    .sort((a, b) => a.effective - b.effective)
    .map(({ event }) => event);

describe('the organisation timeline: timelines extended from one another share their log', () => {
  it('an older timeline answers as before after newer ones were appended from it, and after a branch from it', () => {
    const older = fold(setUp);
    const expected = answers(fold(setUp));
    const newer = fold(moves, older);
    const branch = fold([dated(leaves('sam', 'emea'), T0 + 5 * DAY), dated(joins('sam', 'us'), T0 + DAY / 2)], older);
    expect(answers(older)).toBe(expected);
    expect(answers(newer)).toBe(answers(fold([...setUp, ...moves])));
    expect(branch.current.units.us.members).toEqual(['sam']);
    expect(newer.current.units.us.members).toEqual(['rita']);
    // Read once before anything was appended, and once after: the same.
    const readFirst = fold(setUp);
    const early = answers(readFirst);
    fold(moves, readFirst);
    fold(moves.slice(1), readFirst);
    expect(answers(readFirst)).toBe(early);
  });

  it('never changes an organisation it handed out, whatever is appended after', () => {
    const timeline = fold(setUp);
    const handed = [timeline.current, organizationAt(timeline, { asOf: T0 - 1 }), organizationAt(timeline, { asOf: T0, knownAt: T0 })];
    const before = JSON.parse(JSON.stringify(handed));
    const newer = fold([...moves, dated(joins('uma', 'emea'), T0 + 5 * DAY), dated(leaves('sam', 'emea'), T0 + DAY / 2)], timeline);
    const branch = fold([dated(renamed('rita', 'Rita'), T0 + DAY), dated(joins('rita', 'us'), T0)], timeline);
    for (const read of [newer, branch]) for (const asOf of instants) organizationAt(read, { asOf });
    expect(handed).toEqual(before);
    expect(newer.current.units.emea.members).toEqual(['uma']);
  });

  it('places a backdated change as if the changes had been folded in valid-time order', () => {
    const backdated = [dated(joins('rita', 'us'), T0 + DAY / 2, T0 + 4 * DAY), dated(leaves('sam', 'emea'), T0, T0 + 5 * DAY), dated(renamed('uma', 'Uma'), T0 - DAY, T0 + 6 * DAY)];
    const recorded = fold(moves, fold(setUp));
    for (const asOf of instants) organizationAt(recorded, { asOf }); // prefixes kept before the changes are dated back
    const withBackdated = fold(backdated, recorded);
    expect(answers(withBackdated)).toBe(answers(fold(inValidTime([...setUp, ...moves, ...backdated]))));
    expect(answers(recorded)).toBe(answers(fold([...setUp, ...moves])));
  });

  describe('snapshots', () => {
    const restored = (timeline: OrganizationTimeline) => organizationDecider.fromSnapshot!(JSON.parse(JSON.stringify(timeline)));

    it('keeps the changes only, the organisations being derived from them', () => {
      expect(Object.keys(JSON.parse(JSON.stringify(fold(setUp))))).toEqual(['changes']);
      expect(organizationDecider.snapshotSchema).toBe('organization-timeline@2');
    });

    it('answers from a snapshot exactly as the timeline it was taken of, and goes on the same way', () => {
      const timeline = fold([...setUp, dated(joins('rita', 'us'), T0 + DAY / 2, T0 + 4 * DAY), ...moves]);
      const snapshot = restored(timeline);
      expect(answers(snapshot)).toBe(answers(timeline));
      const later = [dated(leaves('sam', 'emea'), T0 + DAY, T0 + 7 * DAY), dated(joins('uma', 'us'), T0 + 8 * DAY)];
      expect(answers(fold(later, snapshot))).toBe(answers(fold(later, timeline)));
    });

    it('decides on a snapshot as on the stream', () => {
      const given: GivenEvent<OrganizationEvent>[] = [...setUp, ...moves];
      const command = { type: 'AddMember' as const, data: { unitId: 'us', personId: 'sam' }, context: at(iso(T0 + 10 * DAY), iso(T0 + DAY)) };
      DeciderSpecification.for(organizationDecider).given(given).when(command).then([{ type: 'MemberAdded', data: { unitId: 'us', personId: 'sam' } }]);
      expect(organizationDecider.decide(command, restored(fold([...setUp, ...moves])))).toEqual([{ type: 'MemberAdded', data: { unitId: 'us', personId: 'sam' } }]);
    });
  });
});

describe('the organisation timeline against a fold from scratch', () => {
  const units = ['u0', 'u1', 'u2'];
  const people = Array.from({ length: 40 }, (_, p) => `p${p}`);
  const unitId = fc.constantFrom(...units);
  const personId = fc.constantFrom(...people);
  const memberOf = fc.oneof({ weight: 3, arbitrary: fc.constant('u0') }, { weight: 1, arbitrary: unitId });
  /** u0 starts with 30 members, so random joins take it past the size from which membership is indexed. */
  const seed = [dated(unit('u0', null), T0), ...people.slice(0, 30).map((p) => dated(joins(p, 'u0'), T0))];
  const event: fc.Arbitrary<OrganizationEvent> = fc.oneof(
    { weight: 2, arbitrary: fc.record({ unitId, parentId: fc.option(unitId, { nil: null }) }).map(({ unitId, parentId }) => unit(unitId, parentId)) },
    { weight: 1, arbitrary: fc.record({ unitId, name: fc.constantFrom('A', 'B') }).map(({ unitId, name }): OrganizationEvent => ({ type: 'UnitRenamed', data: { unitId, name, previousName: '' } })) },
    { weight: 1, arbitrary: fc.record({ unitId, parentId: unitId }).map(({ unitId, parentId }): OrganizationEvent => ({ type: 'UnitMoved', data: { unitId, parentId, previousParentId: null } })) },
    { weight: 1, arbitrary: unitId.map((unitId): OrganizationEvent => ({ type: 'UnitArchived', data: { unitId } })) },
    { weight: 2, arbitrary: personId.map(person) },
    { weight: 1, arbitrary: fc.record({ personId, name: fc.constantFrom('X', 'Y') }).map(({ personId, name }) => renamed(personId, name)) },
    { weight: 8, arbitrary: fc.record({ personId, unitId: memberOf }).map(({ personId, unitId }) => joins(personId, unitId)) },
    { weight: 3, arbitrary: fc.record({ personId, unitId: memberOf }).map(({ personId, unitId }) => leaves(personId, unitId)) },
    { weight: 1, arbitrary: fc.record({ personId, unitId }).map(({ personId, unitId }): OrganizationEvent => ({ type: 'LeadAssigned', data: { unitId, personId } })) },
    { weight: 1, arbitrary: fc.record({ personId, unitId }).map(({ personId, unitId }): OrganizationEvent => ({ type: 'LeadRemoved', data: { unitId, personId } })) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 9 }).map((minGroupSize): OrganizationEvent => ({ type: 'PolicySet', data: { policy: { ...defaultPolicy, minGroupSize }, previous: defaultPolicy } })) },
  );
  const instant = fc.integer({ min: 0, max: 12 }).map((day) => T0 + day * DAY);
  const timed = fc.record({ event, effective: instant, recorded: instant }).map(({ event, effective, recorded }) => dated(event, effective, recorded));
  const readAt = fc.record({ asOf: fc.option(fc.integer({ min: -1, max: 13 }).map((day) => T0 + day * DAY), { nil: undefined }), knownAt: fc.option(fc.integer({ min: -1, max: 13 }).map((day) => T0 + day * DAY), { nil: undefined }) });
  /** Each step appends one event to an earlier timeline (mostly the newest), and may read one. */
  const step = fc.record({ event: timed, back: fc.option(fc.nat(), { freq: 4, nil: undefined }), read: fc.option(readAt, { nil: undefined }) });

  /** The definition: the events recorded by knownAt, stably sorted by valid time, folded up to asOf on a fresh organisation. */
  function bruteForce(events: TimedEvent<OrganizationEvent>[], asOf = Infinity, knownAt = Infinity) {
    const known = inValidTime(events.filter((e) => Date.parse(e.metadata.recordedAt) <= knownAt));
    return organizationWith(emptyOrganization(), known.filter((e) => Date.parse(e.metadata.effectiveAt) <= asOf));
  }

  /** JSON first: deep equality of every read would make the property slow; it explains a difference. */
  const expectSame = (state: unknown, expected: unknown) => JSON.stringify(state) === JSON.stringify(expected) || expect(state).toEqual(expected);

  it('reads every timeline, older ones and branches included, at any (asOf, knownAt) as the brute-force fold does', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 100, size: 'max' }), fc.array(readAt, { minLength: 1, maxLength: 3 }), (steps, finalReads) => {
        const lineages: { timeline: OrganizationTimeline; events: TimedEvent<OrganizationEvent>[] }[] = [{ timeline: fold(seed), events: seed }];
        const handed: { state: unknown; json: string }[] = [];
        for (const { event, back, read } of steps) {
          const base = lineages[back === undefined ? lineages.length - 1 : back % lineages.length];
          const next = { timeline: organizationDecider.evolve(base.timeline, event), events: [...base.events, event] };
          lineages.push(next);
          if (read) {
            const state = organizationAt(next.timeline, read);
            expectSame(state, bruteForce(next.events, read.asOf, read.knownAt));
            handed.push({ state, json: JSON.stringify(state) });
          }
        }
        for (const { timeline, events } of lineages) {
          for (const { asOf, knownAt } of finalReads) expectSame(organizationAt(timeline, { asOf, knownAt }), bruteForce(events, asOf, knownAt));
          expectSame(timeline.current, bruteForce(events));
        }
        for (const { state, json } of handed) expect(JSON.stringify(state)).toBe(json);
      }),
      { numRuns: 100 },
    );
  });

});
