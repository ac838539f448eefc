import { InProcessBus } from '@okr/message-bus';
import { describeWithDependency, MONGODB } from '@okr/testing';
import { randomBytes } from 'node:crypto';
import { GoalsTestService, startGoalsService } from '../goals/goals-test-service';
import { ReportingTestService, startReportingService } from './reporting-test-service';

const ORG_CSV = [
  'type,id,name,kind,parent_id,email,unit_id,lead',
  'unit,acme,Acme,company,,,,',
  'unit,sales,Sales,department,acme,,,',
  'person,olivia,Olivia Admin,,,olivia@acme.test,acme,',
  'person,dana,Dana Director,,,dana@acme.test,sales,yes',
].join('\n');

/**
 * Reporting with READ_STORE=mongodb: a quarter recorded in goals reaches reporting's read models in
 * MongoDB, and a reporting instance started afresh on the same database answers from them alone.
 */
describeWithDependency('reporting on the MongoDB read store', MONGODB, (url) => {
  // A database of its own per run: the test server keeps everything in memory until it stops.
  const mongodbUrl = url.replace(/\/[^/?]*(\?|$)/, `/okr_reporting_${randomBytes(4).toString('hex')}$1`);
  let goals: GoalsTestService;
  let reporting: ReportingTestService;
  let admin: string;
  const bus = new InProcessBus();
  const post = (path: string, body: object) => goals.http.post(path).set('Authorization', `Bearer ${admin}`).send(body);
  const salesObjective = async (service: ReportingTestService) => {
    const res = await service.get('olivia', '/units/sales/cycles/fy27-q1/dashboard', 'admin');
    expect(res.status).toBe(200);
    return res.body.objectives.find((objective: { id: string }) => objective.id === 'pipeline');
  };

  beforeAll(async () => {
    goals = await startGoalsService({ now: '2027-01-04T09:00:00.000Z', bus });
    reporting = await startReportingService({ goals, bus, clock: goals.clock, mongodbUrl });
    admin = await goals.token('olivia', 'admin');
    await goals.http.post('/org/import').set('Authorization', `Bearer ${admin}`).set('Content-Type', 'text/csv').send(ORG_CSV).expect(200);
    await post('/cycles', { id: 'fy27-q1', kind: 'quarter', fiscalYear: 2027, quarter: 1 }).expect(201);
    await post('/objectives', { id: 'pipeline', cycleId: 'fy27-q1', title: 'Build the pipeline', owner: { type: 'department', id: 'sales' }, commitment: 'committed' }).expect(201);
    await post('/objectives/pipeline/key-results', { id: 'meetings', title: 'First meetings', kind: 'metric', start: 0, target: 200, unit: 'meetings', direction: 'increase' }).expect(201);
    await post('/objectives/pipeline/key-results/meetings/check-ins', { value: 80, confidence: 'on-track' }).expect(201);
    await reporting.settled();
  });
  afterAll(async () => {
    await reporting?.close();
    await goals?.close();
    await bus.close();
  });

  it('answers the dashboard from the goal events it stored in MongoDB', async () => {
    expect(await salesObjective(reporting)).toMatchObject({ progress: 0.4, keyResults: [expect.objectContaining({ id: 'meetings', value: 80, progress: 0.4 })] });
  });

  it('answers the same from MongoDB alone after a restart, with nothing delivered again', async () => {
    await reporting.close();
    const quiet = new InProcessBus();
    try {
      reporting = await startReportingService({ goals, bus: quiet, clock: goals.clock, mongodbUrl });
      expect(await salesObjective(reporting)).toMatchObject({ progress: 0.4, keyResults: [expect.objectContaining({ id: 'meetings', value: 80 })] });
    } finally {
      await reporting.close();
      await quiet.close();
    }
    reporting = undefined as unknown as ReportingTestService;
  });
});
