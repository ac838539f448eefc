import { EVENT_STORE, EventStore } from '@okr/event-store';
import { InProcessBus } from '@okr/message-bus';
import { GoalsTestService, startGoalsService } from '../goals/goals-test-service';
import { ReportingTestService, startReportingService } from './reporting-test-service';

const ORG_CSV = [
  'type,id,name,kind,parent_id,email,unit_id,lead',
  'unit,acme,Acme,company,,,,',
  'unit,sales-emea,Sales EMEA,team,acme,,,',
  'unit,success-duo,Customer Success Duo,team,acme,,,',
  'person,olivia,Olivia Admin,,,olivia@acme.test,acme,',
  'person,lars,Lars Lead,,,lars@acme.test,sales-emea,yes',
  'person,rita,Rita Rep,,,rita@acme.test,sales-emea,',
  'person,sam,Sam Rep,,,sam@acme.test,sales-emea,',
  'person,tom,Tom Rep,,,tom@acme.test,sales-emea,',
  'person,nina,Nina Lead,,,nina@acme.test,success-duo,yes',
  'person,uma,Uma CSM,,,uma@acme.test,success-duo,',
  'person,vic,Vic CSM,,,vic@acme.test,success-duo,',
].join('\n');

const WON = 'sales.closed_won_amount';
const RENEWED = 'success.renewed_amount';

/**
 * A sales team over two past quarters and a current one, goals and reporting in one process: its
 * quotas judged against what its people attained, as a distribution, with late revisions and the
 * first quarter re-scored under another rule, all under the privacy of individual targets.
 *
 *              q1 (quota → attained)   q2 (original / revised → attained)   q3 quota
 *   rita       100,000 →  90,000       100,000           → 100,000          105,000  (realistic)
 *   sam        100,000 → 120,000       110,000 / 115,000 → 130,000          300,000  (far above history)
 *   tom        100,000 →  60,000        80,000 /  60,000 →  75,000 (late)    70,000
 */
describe('quota analytics', () => {
  let goals: GoalsTestService;
  let reporting: ReportingTestService;
  let admin: string;
  const bus = new InProcessBus();
  const post = (path: string, body: unknown) => goals.http.post(path).set('Authorization', `Bearer ${admin}`).send(body as object);
  const setQuota = (id: string, personId: string, unitId: string, cycleId: string, targetValue: number, metric = WON) =>
    post('/targets', { id, personId, unitId, cycleId, metric, targetValue, unit: 'EUR' }).expect(201);
  const attain = (id: string, value: number) => post(`/targets/${id}/check-ins`, { value, confidence: 'on-track' }).expect(201);

  beforeAll(async () => {
    goals = await startGoalsService({ now: '2027-01-04T09:00:00.000Z', bus });
    reporting = await startReportingService({ goals, bus, clock: goals.clock });
    admin = await goals.token('olivia', 'admin');
    await goals.http.post('/org/import').set('Authorization', `Bearer ${admin}`).set('Content-Type', 'text/csv').send(ORG_CSV).expect(200);

    await post('/cycles', { kind: 'custom', id: 'q1', name: 'Q1 2027', startsOn: '2027-01-01', endsOn: '2027-03-31' }).expect(201);
    await post('/objectives', { id: 'emea-win', cycleId: 'q1', title: 'Win EMEA', owner: { type: 'team', id: 'sales-emea' }, commitment: 'committed' }).expect(201);
    await post('/objectives/emea-win/key-results', { id: 'deals', title: 'Ten new logos', kind: 'metric', start: 0, target: 10, unit: 'logos', direction: 'increase', weight: 1 }).expect(201);
    for (const person of ['rita', 'sam', 'tom']) await setQuota(`q1-${person}`, person, 'sales-emea', 'q1', 100000);
    goals.clock.set('2027-03-25T09:00:00.000Z');
    await post('/objectives/emea-win/key-results/deals/check-ins', { value: 6, confidence: 'on-track' }).expect(201);
    await attain('q1-rita', 90000);
    await attain('q1-sam', 120000);
    await attain('q1-tom', 60000);

    goals.clock.set('2027-04-01T09:00:00.000Z');
    await post('/cycles/q1/close', { scoringRule: 'linear-v1' }).expect(201);
    await post('/cycles', { kind: 'custom', id: 'q2', name: 'Q2 2027', startsOn: '2027-04-01', endsOn: '2027-06-30' }).expect(201);
    await setQuota('q2-rita', 'rita', 'sales-emea', 'q2', 100000);
    await setQuota('q2-sam', 'sam', 'sales-emea', 'q2', 110000);
    await setQuota('q2-tom', 'tom', 'sales-emea', 'q2', 80000);
    await setQuota('q2-uma', 'uma', 'success-duo', 'q2', 50000, RENEWED);
    await setQuota('q2-vic', 'vic', 'success-duo', 'q2', 50000, RENEWED);
    goals.clock.set('2027-04-15T09:00:00.000Z');
    await post('/targets/q2-sam/revisions', { targetValue: 115000, reason: 'a territory added' }).expect(201);
    goals.clock.set('2027-06-20T09:00:00.000Z');
    await post('/targets/q2-tom/revisions', { targetValue: 60000, reason: 'a key account churned' }).expect(201);
    await attain('q2-rita', 100000);
    await attain('q2-sam', 130000);
    await attain('q2-tom', 75000);
    await attain('q2-uma', 45000);
    await attain('q2-vic', 52000);

    goals.clock.set('2027-07-01T09:00:00.000Z');
    await post('/cycles/q2/close', {}).expect(201);
    await post('/cycles', { kind: 'custom', id: 'q3', name: 'Q3 2027', startsOn: '2027-07-01', endsOn: '2027-09-30' }).expect(201);
    await setQuota('q3-rita', 'rita', 'sales-emea', 'q3', 105000);
    await setQuota('q3-sam', 'sam', 'sales-emea', 'q3', 300000);
    await setQuota('q3-tom', 'tom', 'sales-emea', 'q3', 70000);
    goals.clock.set('2027-07-05T09:00:00.000Z');
    await reporting.settled();
  });
  afterAll(async () => {
    await reporting?.close();
    await goals?.close();
  });

  describe('attainability of a quota, judged against past cycles', () => {
    it('flags a quota far above anything the person or the team ever attained, with the history behind it', async () => {
      const res = await reporting.get('lars', '/targets/q3-sam/attainability');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ subject: { targetId: 'q3-sam', personId: 'sam', unitId: 'sales-emea', metric: WON, cycleId: 'q3' }, proposed: 300000 });
      expect(res.body.person.cycles).toEqual([
        expect.objectContaining({ cycleId: 'q1', quota: 100000, originalQuota: 100000, attained: 120000, attainment: 1.2 }),
        expect.objectContaining({ cycleId: 'q2', quota: 115000, originalQuota: 110000, attained: 130000, attainment: 130000 / 115000 }),
      ]);
      expect(res.body.person).toMatchObject({ bestAttained: 130000, medianAttained: 125000 });
      // Six person-quarters: 90, 120, 60 and 100, 130, 75 thousand.
      expect(res.body.unit).toMatchObject({ peopleCycles: 6, bestAttained: 130000, medianAttained: 95000 });
      expect(res.body.unit.cycles.map((c: { cycleId: string; withheld: boolean }) => [c.cycleId, c.withheld])).toEqual([['q1', false], ['q2', false]]);
      expect(res.body.flag).toMatchObject({ farAboveHistory: true, basis: 'person-and-unit' });
      expect(res.body.flag.rule).toContain('1.5×');
    });

    it('does not flag a realistic quota', async () => {
      const res = await reporting.get('lars', '/targets/q3-rita/attainability');
      expect(res.body).toMatchObject({ proposed: 105000, person: { bestAttained: 100000 }, flag: { farAboveHistory: false } });
    });

    it('judges a proposed revision, and a quota proposed for a person, by the same rule', async () => {
      expect((await reporting.get('lars', '/targets/q3-sam/attainability?proposed=150000')).body.flag.farAboveHistory).toBe(false);
      const proposal = (value: number) => reporting.get('lars', `/people/rita/quota-attainability?unitId=sales-emea&metric=${WON}&cycleId=q3&proposed=${value}`);
      expect((await proposal(150000)).body.flag.farAboveHistory).toBe(false); // exactly 1.5 × rita's best: not above it
      expect((await proposal(150001)).body).toMatchObject({ flag: { farAboveHistory: true }, proposedAgainst: { personBest: 1.50001 } });
    });

    it('reads history as known at an earlier instant', async () => {
      // On 1 May, q2 was not over: only q1 was history.
      const res = await reporting.get('lars', `/people/sam/quota-attainability?unitId=sales-emea&metric=${WON}&proposed=200000&asOf=2027-05-01T00:00:00Z&knownAt=2027-05-01T00:00:00Z`);
      expect(res.body.person.cycles.map((c: { cycleId: string }) => c.cycleId)).toEqual(['q1']);
      expect(res.body.flag.farAboveHistory).toBe(true); // above 1.5 × 120,000 and above the team's best, 120,000
    });

    it('shows the same figures beside each quota row the viewer may see, as JSON and CSV', async () => {
      const res = await reporting.get('lars', '/units/sales-emea/cycles/q3/quota-rows');
      expect(res.body.rows.map((r: { personId: string; history: { flag: { farAboveHistory: boolean } } }) => [r.personId, r.history.flag.farAboveHistory])).toEqual([
        ['rita', false],
        ['sam', true],
        ['tom', false],
      ]);
      const csv = await reporting.get('lars', '/units/sales-emea/cycles/q3/quota-rows.csv');
      expect(csv.headers['content-type']).toMatch(/text\/csv/);
      expect(csv.text.trim().split('\r\n')).toHaveLength(4);
      expect(csv.text).toContain('q3-sam,sam,sales-emea,sales.closed_won_amount,300000,300000,0,0,130000');
    });

    it('answers a bad query with a problem naming the field', async () => {
      const res = await reporting.get('lars', `/people/rita/quota-attainability?unitId=sales-emea&metric=${WON}&proposed=-5`);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'query.proposed' })]);
    });
  });

  describe('privacy: a member who is not a lead', () => {
    it('sees their own history, and not the team’s: besides her, only two people are in it', async () => {
      const res = await reporting.get('rita', '/targets/q3-rita/attainability');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ person: { bestAttained: 100000 }, unit: { peopleCycles: 0, bestAttained: null, medianAttained: null } });
      expect(res.body.unit.cycles).toEqual([expect.objectContaining({ withheld: true }), expect.objectContaining({ withheld: true })]);
      expect(JSON.stringify(res.body.unit)).not.toMatch(/130000|120000|75000|60000/);
    });

    it('cannot see a colleague’s history: the quota is not found, exactly as one that does not exist, and nothing of it is told', async () => {
      const colleague = await reporting.get('rita', '/targets/q3-sam/attainability');
      const missing = await reporting.get('rita', '/targets/no-such-quota/attainability');
      expect(colleague.status).toBe(404);
      expect(colleague.body.detail).toBe(missing.body.detail.replace('no-such-quota', 'q3-sam'));
      expect(JSON.stringify(colleague.body).replaceAll('q3-sam', '')).not.toMatch(/sam|Sam|300000|130000|120000/);
      const proposal = await reporting.get('rita', `/people/sam/quota-attainability?unitId=sales-emea&metric=${WON}&proposed=300000`);
      expect(proposal.status).toBe(403);
      expect(JSON.stringify(proposal.body)).not.toMatch(/130000|120000|115000|q3-sam/);
    });

    it('sees only their own row beside the history, in JSON and in CSV', async () => {
      const res = await reporting.get('rita', '/units/sales-emea/cycles/q3/quota-rows');
      expect(res.body.rows.map((r: { personId: string }) => r.personId)).toEqual(['rita']);
      const csv = await reporting.get('rita', '/units/sales-emea/cycles/q3/quota-rows.csv');
      expect(csv.text).not.toMatch(/sam|tom|300000/);
    });

    it('sees no late revision of a team of three: the count is withheld too', async () => {
      const res = await reporting.get('rita', '/units/sales-emea/cycles/q2/late-revisions');
      expect(res.body.counts).toEqual([{ metric: WON, unit: 'EUR', withheld: true, reason: expect.stringMatching(/fewer than 3 people you may not see/) }]);
      expect(res.body.revisions).toEqual([]);
      const csv = await reporting.get('rita', '/units/sales-emea/cycles/q2/late-revisions.csv');
      expect(csv.text).not.toMatch(/tom|churned|60000/);
    });
  });

  describe('attainment distribution', () => {
    it('gives the team’s lead counts and shares at 80, 100 and 120 %, against the revised and the original quota', async () => {
      const res = await reporting.get('lars', '/units/sales-emea/cycles/q2/quota-distribution');
      expect(res.status).toBe(200);
      const [team] = res.body.units;
      // Revised: rita 100 %, sam 113 %, tom 125 %. Original: rita 100 %, sam 118 %, tom 94 %.
      expect(team.metrics).toEqual([
        expect.objectContaining({
          metric: WON,
          withheld: false,
          people: 3,
          againstRevised: expect.objectContaining({ atLeast80: { count: 3, share: 1 }, atLeast100: { count: 3, share: 1 }, atLeast120: { count: 1, share: 1 / 3 } }),
          againstOriginal: expect.objectContaining({ atLeast80: { count: 3, share: 1 }, atLeast100: { count: 2, share: 2 / 3 }, atLeast120: { count: 0, share: 0 } }),
        }),
      ]);
    });

    it('withholds a team of two from outsiders and its own members, and shows it to its lead', async () => {
      for (const viewer of ['rita', 'uma']) {
        const res = await reporting.get(viewer, '/units/success-duo/cycles/q2/quota-distribution');
        expect(res.body.units[0].metrics).toEqual([{ metric: RENEWED, unit: 'EUR', withheld: true, reason: expect.stringContaining('fewer than 3 people') }]);
        const csv = await reporting.get(viewer, '/units/success-duo/cycles/q2/quota-distribution.csv');
        expect(csv.text).toContain('withheld');
        expect(csv.text).not.toMatch(/45000|52000|0\.5|1,/);
      }
      const company = await reporting.get('rita', '/units/acme/cycles/q2/quota-distribution');
      expect(company.body.units.find((u: { unit: { id: string } }) => u.unit.id === 'success-duo').metrics[0].withheld).toBe(true);
      const lead = await reporting.get('nina', '/units/success-duo/cycles/q2/quota-distribution');
      expect(lead.body.units[0].metrics[0]).toMatchObject({ withheld: false, people: 2, againstRevised: { atLeast80: { count: 2 }, atLeast100: { count: 1 } } });
    });
  });

  describe('late revisions', () => {
    it('lists quotas revised in the last third of the cycle, with original and revised values, for the lead', async () => {
      const res = await reporting.get('lars', '/units/sales-emea/cycles/q2/late-revisions');
      expect(res.body.rule).toContain('last third');
      expect(res.body.revisions).toEqual([
        expect.objectContaining({ targetId: 'q2-tom', personId: 'tom', originalTarget: 80000, from: 80000, to: 60000, currentTarget: 60000, reason: 'a key account churned', effectiveAt: '2027-06-20T09:00:00.000Z' }),
      ]);
      expect(res.body.counts).toEqual([{ metric: WON, unit: 'EUR', withheld: false, count: 1 }]);
    });

    it('shows what was known before the revision', async () => {
      const res = await reporting.get('lars', '/units/sales-emea/cycles/q2/late-revisions?knownAt=2027-06-01T00:00:00Z');
      expect(res.body.revisions).toEqual([]);
    });
  });

  describe('re-scoring a closed cycle', () => {
    it('scores q1 under stepped-v1 beside the scores recorded under linear-v1, recording nothing', async () => {
      const store = goals.app.get<EventStore>(EVENT_STORE);
      const eventsBefore = (await store.readAll({ fromPosition: 0, limit: 10000 })).length;
      const res = await reporting.get('olivia', '/cycles/q1/rescoring?rule=stepped-v1');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ recordedRule: 'linear-v1', rule: 'stepped-v1', basis: 'at-close' });
      // Six of ten logos: 0.6 under linear-v1, the 30 % band (0.3) under stepped-v1.
      expect(res.body.objectives).toEqual([
        expect.objectContaining({ objectiveId: 'emea-win', recorded: 0.6, rescored: 0.3, keyResults: [{ keyResultId: 'deals', title: 'Ten new logos', recorded: 0.6, rescored: 0.3 }] }),
      ]);
      const csv = await reporting.get('olivia', '/cycles/q1/rescoring.csv?rule=stepped-v1');
      expect(csv.text).toContain('emea-win,,Win EMEA,0.6,0.3,linear-v1');
      expect((await store.readAll({ fromPosition: 0, limit: 10000 })).length).toBe(eventsBefore);
      const cycle = await goals.http.get('/cycles/q1').set('Authorization', `Bearer ${admin}`);
      expect(cycle.body.state).toMatchObject({ scoringRule: 'linear-v1', scores: [expect.objectContaining({ objectiveId: 'emea-win', score: 0.6 })] });
    });

    it('refuses a cycle still open, and a rule it does not know, with problems', async () => {
      const open = await reporting.get('olivia', '/cycles/q3/rescoring?rule=stepped-v1');
      expect(open.status).toBe(422);
      expect(open.body.errors).toEqual([expect.objectContaining({ field: 'cycleId' })]);
      const unknown = await reporting.get('olivia', '/cycles/q1/rescoring?rule=linear-v0');
      expect(unknown.status).toBe(400);
      expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'query.rule' })]);
    });
  });

  it('documents every route in the OpenAPI document', async () => {
    const res = await reporting.get('olivia', '/openapi.json');
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining([
        '/units/{unitId}/cycles/{cycleId}/quota-distribution',
        '/targets/{targetId}/attainability',
        '/people/{personId}/quota-attainability',
        '/units/{unitId}/cycles/{cycleId}/quota-rows',
        '/units/{unitId}/cycles/{cycleId}/late-revisions',
        '/cycles/{cycleId}/rescoring',
      ]),
    );
  });
});
