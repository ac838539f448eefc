import { isolatedGroup, LinearFigure } from '@okr/disclosure';
import { InProcessBus } from '@okr/message-bus';
import fc from 'fast-check';
import { closedDeal, deliverDataPoints, startGoalsService } from '../goals/goals-test-service';
import { startReportingService } from './reporting-test-service';

const K = 3;
const METRIC = 'sales.closed_won_amount';

interface Team {
  id: string;
  department: string;
  people: string[];
  /** Who of them holds a quota. */
  quotas: boolean[];
}

/** A company with 1 or 2 departments of 1 to 3 teams of 1 to 6 people each; everyone closes one deal. */
const organisations = fc
  .array(fc.array(fc.array(fc.boolean(), { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 2 })
  .map((departments): Team[] =>
    departments.flatMap((teams, d) => teams.map((quotas, t) => ({ id: `t${d}${t}`, department: `d${d}`, people: quotas.map((_, p) => `p${d}${t}${p}`), quotas }))),
  );

/**
 * The disclosure audit through the running services: for generated organisations, every figure
 * each viewer obtains from the dashboards of every unit (key results bound to the unit's facts,
 * quota aggregates) and from goals' objective reads is written as a linear combination of the
 * people's deals, and exact elimination proves that no combination isolates fewer than
 * minGroupSize people the viewer may not see. (One instant; differences in time are not audited.)
 */
describe('disclosure audit over generated organisations', () => {
  it('lets no viewer isolate a small group from what every route shows', async () => {
    await fc.assert(
      fc.asyncProperty(organisations, async (teams) => {
        const bus = new InProcessBus();
        const goals = await startGoalsService({ now: '2027-01-04T09:00:00.000Z', bus });
        const reporting = await startReportingService({ goals, bus, clock: goals.clock });
        try {
          const admin = await goals.token('olivia', 'admin');
          const post = (path: string, body: object) => goals.http.post(path).set('Authorization', `Bearer ${admin}`).send(body);
          const departments = [...new Set(teams.map((team) => team.department))];
          const csv = [
            'type,id,name,kind,parent_id,email,unit_id,lead',
            'unit,acme,Acme,company,,,,',
            ...departments.map((d) => `unit,${d},${d},department,acme,,,`),
            ...teams.map((team) => `unit,${team.id},${team.id},team,${team.department},,,`),
            'person,olivia,Olivia,,,olivia@acme.test,acme,',
            ...teams.flatMap((team) => team.people.map((person, i) => `person,${person},${person},,,${person}@acme.test,${team.id},${i === 0 ? 'yes' : ''}`)),
          ].join('\n');
          await goals.http.post('/org/import').set('Authorization', `Bearer ${admin}`).set('Content-Type', 'text/csv').send(csv).expect(200);
          await post('/cycles', { id: 'q1', kind: 'quarter', fiscalYear: 2027, quarter: 1 }).expect(201);
          const units = ['acme', ...departments, ...teams.map((team) => team.id)];
          const kindOf = (unitId: string) => (unitId === 'acme' ? 'company' : unitId.startsWith('d') ? 'department' : 'team');
          for (const unitId of units) {
            await post('/objectives', { id: `win-${unitId}`, cycleId: 'q1', title: 'Win', owner: { type: kindOf(unitId), id: unitId }, commitment: 'committed' }).expect(201);
            await post(`/objectives/win-${unitId}/key-results`, { id: 'arr', title: 'ARR', kind: 'metric', start: 0, target: 1000000, unit: 'EUR', direction: 'increase' }).expect(201);
            await post(`/objectives/win-${unitId}/key-results/arr/metric-binding`, { metric: METRIC, aggregation: 'sum', scope: { type: 'unit', unitId, includeSubUnits: true } }).expect(201);
          }
          for (const team of teams) {
            for (const [i, person] of team.people.entries()) {
              if (!team.quotas[i]) continue;
              await post('/targets', { id: `q-${person}`, personId: person, unitId: team.id, cycleId: 'q1', metric: METRIC, targetValue: 10000, unit: 'EUR' }).expect(201);
              await post(`/targets/q-${person}/metric-binding`, { aggregation: 'sum' }).expect(201);
            }
          }
          const everyone = teams.flatMap((team) => team.people);
          const deals = everyone.map((person, n) => closedDeal(`opp-${person}`, person, 1000 + n, '2027-02-01T09:00:00.000Z'));
          await deliverDataPoints(goals, '2027-02-02T10:00:00.000Z', deals, [reporting]);
          goals.clock.set('2027-02-10T00:00:00.000Z');
          await reporting.settled();

          const subtree = (unitId: string) => teams.filter((team) => unitId === 'acme' || team.department === unitId || team.id === unitId);
          const all = (people: string[]) => new Map(people.map((person) => [person, 1]));
          const teamOf = new Map(teams.flatMap((team) => team.people.map((person) => [person, team] as const)));
          for (const viewer of everyone) {
            const token = await goals.token(viewer, 'member');
            const figures: LinearFigure[] = [];
            for (const unitId of units) {
              const people = subtree(unitId).flatMap((team) => team.people);
              const dashboard = (await reporting.get(viewer, `/units/${unitId}/cycles/q1/dashboard`)).body;
              if (dashboard.objectives[0].keyResults[0].value !== null) figures.push({ label: `reporting key result of ${unitId}`, coefficients: all(people) });
              for (const aggregate of dashboard.targets.aggregates) {
                const holders = subtree(unitId).flatMap((team) => team.people.filter((_, i) => team.quotas[i]));
                if (!aggregate.withheld) figures.push({ label: `quota aggregate of ${unitId}`, coefficients: all(holders) });
              }
              const keyResult = (await goals.http.get(`/objectives/win-${unitId}`).set('Authorization', `Bearer ${token}`)).body.state.keyResults.arr;
              if (!keyResult.withheld) figures.push({ label: `goals key result of ${unitId}`, coefficients: all(people) });
            }
            // A member sees themself; a team's first person leads it and sees its people.
            const own = teamOf.get(viewer)!;
            const seesPerson = (person: string) => person === viewer || (own.people[0] === viewer && own.people.includes(person));
            const group = isolatedGroup(figures, seesPerson, K);
            expect({ viewer, teams: teams.map((team) => `${team.id}:${team.people.length}`), group }).toEqual({ viewer, teams: teams.map((team) => `${team.id}:${team.people.length}`), group: null });
          }
        } finally {
          await reporting.close();
          await goals.close();
        }
      }),
      { numRuns: 4, seed: 20261204 },
    );
  }, 600_000);
});
