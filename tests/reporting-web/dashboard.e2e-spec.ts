/// <reference lib="dom" />
import { INestApplication } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@okr/event-store';
import { InProcessBus } from '@okr/message-bus';
import { developmentSecret, signDevelopmentToken } from '@okr/service-kit';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import request from 'supertest';
import { reportingConfigSchema } from '../../apps/reporting/src/config/reporting.config';
import { GoalEventsProjection } from '../../apps/reporting/src/projections/goal-events.projection';
import { createReportingApp } from '../../apps/reporting/src/start-reporting';
import { WebController } from '../../apps/reporting/src/web/web.controller';
import { IngestionTestService, startIngestionService } from '../metrics-ingestion/ingestion-test-service';
import { changeEvent, deal } from '../metrics-ingestion/salesforce-change-events';
import { closedDeal, DataPoint, deliverDataPoints, GoalsTestService, startGoalsService } from '../goals/goals-test-service';
import { startReportingService } from '../reporting/reporting-test-service';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const ORG_CSV = [
  'type,id,name,kind,parent_id,email,unit_id,lead',
  'unit,acme,Acme,company,,,,',
  'unit,sales,Sales,department,acme,,,',
  'unit,sales-emea,Sales EMEA,team,sales,,,',
  'unit,success,Customer Success,team,sales,,,',
  'person,olivia,Olivia Admin,,,olivia@acme.test,acme,',
  'person,dana,Dana Director,,,dana@acme.test,sales,yes',
  'person,lars,Lars Lead,,,lars@acme.test,sales-emea,yes',
  'person,rita,Rita Rep,,,rita@acme.test,sales-emea,',
  'person,sam,Sam Rep,,,sam@acme.test,sales-emea,',
  'person,tom,Tom Rep,,,tom@acme.test,sales-emea,',
  'person,nina,Nina Lead,,,nina@acme.test,success,yes',
  'person,uma,Uma Manager,,,uma@acme.test,success,',
  'person,vic,Vic Manager,,,vic@acme.test,success,',
].join('\n');

/** Quotas (target, value on 1 February) with figures that appear nowhere else, so a leak is findable. */
const QUOTAS: [string, string, string, string, number, number][] = [
  ['q-rita', 'rita', 'sales-emea', 'sales.closed_won_amount', 52000, 45100],
  ['q-sam', 'sam', 'sales-emea', 'sales.closed_won_amount', 48000, 20400],
  ['q-tom', 'tom', 'sales-emea', 'sales.closed_won_amount', 41000, 49700],
  ['q-uma', 'uma', 'success', 'success.expansion_amount', 33000, 27800],
  ['q-vic', 'vic', 'success', 'success.expansion_amount', 21000, 6100],
];

/**
 * The quarter as goals records it, request by request, each with the instant it is recorded at:
 * a company and a team objective, a KPI, the quotas, check-ins on 1 February and 10 March, a
 * revised quota, and late check-ins reported on 2 April that were true on 30 March.
 */
function quarterAsRecorded(): [string, string, object][] {
  const start = '2027-01-04T09:00:00.000Z';
  const february = '2027-02-01T10:00:00.000Z';
  const march = '2027-03-10T10:00:00.000Z';
  const april = '2027-04-02T10:00:00.000Z';
  return [
    [start, '/cycles', { id: 'fy27-q1', kind: 'quarter', fiscalYear: 2027, quarter: 1 }],
    [start, '/objectives', { id: 'grow', cycleId: 'fy27-q1', title: 'Grow revenue', owner: { type: 'company', id: 'acme' }, commitment: 'committed' }],
    [start, '/objectives', { id: 'emea', cycleId: 'fy27-q1', title: 'Win EMEA', owner: { type: 'team', id: 'sales-emea' }, commitment: 'aspirational' }],
    [start, '/objectives/emea/key-results', { id: 'arr', title: 'New ARR', kind: 'metric', start: 0, target: 100000, unit: 'EUR', direction: 'increase', weight: 3 }],
    [start, '/objectives/emea/key-results', { id: 'launch', title: 'Partner launch', kind: 'milestone', weight: 1 }],
    [start, '/kpis', { id: 'nps', unitId: 'sales-emea', name: 'NPS', unit: 'points', direction: 'stay-above', target: 40 }],
    [start, '/kpis', { id: 'won', unitId: 'sales-emea', name: 'Closed-won', unit: 'EUR', direction: 'stay-above', target: 50000 }],
    [start, '/kpis/won/metric-binding', { metric: 'sales.closed_won_amount', aggregation: 'sum', scope: { type: 'unit', unitId: 'sales-emea', includeSubUnits: true }, window: 'all-time' }],
    ...QUOTAS.map(([id, personId, unitId, metric, targetValue]): [string, string, object] => [start, '/targets', { id, personId, unitId, cycleId: 'fy27-q1', metric, targetValue, unit: 'EUR' }]),
    [february, '/objectives/emea/key-results/arr/check-ins', { value: 30000, confidence: 'on-track' }],
    [february, '/kpis/nps/check-ins', { value: 45, confidence: 'on-track' }],
    ...QUOTAS.map(([id, , , , , value]): [string, string, object] => [february, `/targets/${id}/check-ins`, { value, confidence: 'on-track' }]),
    [march, '/objectives/emea/key-results/arr/check-ins', { value: 60000, confidence: 'at-risk', note: 'two deals slipped' }],
    [march, '/targets/q-sam/revisions', { targetValue: 46000, reason: 'territory moved to Tom' }],
    [april, '/objectives/emea/key-results/arr/check-ins', { value: 90000, confidence: 'on-track', effectiveAt: '2027-03-30T12:00:00Z' }],
    [april, '/targets/q-rita/check-ins', { value: 55300, confidence: 'on-track', effectiveAt: '2027-03-30T12:00:00Z' }],
  ];
}

/** The team's deals, as metrics-ingestion publishes them when they close: the KPI's value is their sum (66,666), each a private number of one person. */
const DEALS: DataPoint[] = [
  closedDeal('opp-rita', 'rita', 11111, '2027-01-20T15:00:00.000Z'),
  closedDeal('opp-sam', 'sam', 22222, '2027-02-20T15:00:00.000Z'),
  closedDeal('opp-tom', 'tom', 33333, '2027-03-05T15:00:00.000Z'),
];

/** A number as the page may print it (45100, 45,100, 45 100, 45.100) or a response may hold it. */
const anyForm = (value: number) => new RegExp(`\\b${String(value).replace(/(\d)(?=(\d{3})+$)/, '$1[,.\\s\\u202f\\u00a0]?')}\\b`);

/** DASHBOARD_SCREENSHOTS=/tmp keeps a picture of each state, to look at what a person sees. */
async function snapshot(page: Page, name: string): Promise<void> {
  if (process.env.DASHBOARD_SCREENSHOTS) await page.screenshot({ path: join(process.env.DASHBOARD_SCREENSHOTS, `${name}.png`), fullPage: true });
}

const chromiumMissing = !existsSync(CHROMIUM);
if (chromiumMissing && process.env.CI !== 'true') console.log(`dashboard browser test skipped: ${CHROMIUM} is missing (apt-get install -y chromium)`);
const describeInBrowser = chromiumMissing && process.env.CI !== 'true' ? describe.skip : describe;

/**
 * The web dashboard in a real Chromium, served by a reporting service on its development secret
 * beside goals (shared in-process bus, real ports): a team lead, a member of that team and a
 * member of another team look at the same quarter, now and as of earlier dates.
 */
describeInBrowser('the web dashboard in a browser', () => {
  let goals: GoalsTestService;
  let ingestion: IngestionTestService;
  let reporting: INestApplication;
  let browser: Browser;
  let baseUrl: string;
  let dataDir: string;
  let admin: string;
  const bus = new InProcessBus();

  const post = (path: string, body: object) => goals.http.post(path).set('Authorization', `Bearer ${admin}`).send(body);

  beforeAll(async () => {
    if (chromiumMissing) throw new Error(`${CHROMIUM} is missing: CI must install Debian's Chromium (apt-get install -y chromium) before the dashboard's browser test`);
    dataDir = mkdtempSync(join(tmpdir(), 'reporting-web-'));
    // One signing secret for the three, as `npm start` has: the page's tokens are good for goals and ingestion too.
    const secret = developmentSecret(dataDir);
    goals = await startGoalsService({ now: '2027-01-04T09:00:00.000Z', bus, jwtSecret: secret });
    await goals.app.listen(0, '127.0.0.1');
    // Ingestion only names the metrics here: the deals reach goals and reporting on the shared bus below.
    ingestion = await startIngestionService({ now: '2027-01-04T09:00:00.000Z', bus: new InProcessBus(), env: { JWT_SECRET: secret } });
    await ingestion.app.listen(0, '127.0.0.1');
    // No JWT_SECRET: the development secret of the data directory, as `npm start` runs.
    reporting = await createReportingApp(reportingConfigSchema.parse({ READ_STORE: 'embedded', DATA_DIR: dataDir }), { bus, clock: goals.clock, logLevel: 'silent' });
    await reporting.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(reporting.getHttpServer().address() as AddressInfo).port}`;
    admin = await goals.token('olivia', 'admin');
    const urlOf = (app: INestApplication) => `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    reporting.get(WebController).forwardApiTo({ goals: urlOf(goals.app), ingestion: urlOf(ingestion.app) });
    for (const [key, name] of [['sales.closed_won_amount', 'Closed-won amount'], ['success.expansion_amount', 'Expansion amount']]) {
      await ingestion.http.put(`/metric-definitions/${key}`).set('Authorization', `Bearer ${admin}`).send({ name, unit: 'EUR' }).expect(200);
    }

    await goals.http.post('/org/import').set('Authorization', `Bearer ${admin}`).set('Content-Type', 'text/csv').send(ORG_CSV).expect(200);
    const deals = [...DEALS];
    for (const [recordedAt, path, body] of quarterAsRecorded()) {
      while (deals.length && deals[0].receivedAt <= recordedAt) await deliverDataPoints(goals, deals[0].receivedAt, [deals.shift()!], [{ app: reporting }]);
      goals.clock.set(recordedAt);
      await post(path, body).expect(201);
    }
    await caughtUp(goals.app.get<EventStore>(EVENT_STORE), reporting.get(GoalEventsProjection));

    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await reporting?.close();
    await ingestion?.close();
    await goals?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  /**
   * A fresh tab that records every response body of the service, to search them for leaks, and
   * every script error or refused load (the content security policy's included): closing it
   * asserts there were none.
   */
  async function openTab() {
    // A viewer in Berlin: dates read in their time zone (UTC on hover).
    const context = await browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/Berlin', viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    const bodies: string[] = [];
    const errors: string[] = [];
    page.on('response', async (response) => {
      if (response.url().startsWith(baseUrl) && !response.url().includes('/assets/')) bodies.push(await response.text().catch(() => ''));
    });
    page.on('pageerror', (error) => errors.push(error.message));
    // A 404 the page asks for on purpose (the development sign-in elsewhere, a probe) is not an error of the page.
    page.on('console', (message) => message.type() === 'error' && !message.text().startsWith('Failed to load resource') && errors.push(message.text()));
    await page.goto(baseUrl);
    return {
      page,
      bodies,
      close: async () => {
        await context.close();
        expect(errors).toEqual([]);
      },
    };
  }

  const dashboardReady = (page: Page) => page.waitForSelector('#main[aria-busy="false"] .unit-page');

  async function signInAsDeveloperTo(page: Page, personId: string, role: 'member' | 'admin', landing: string) {
    await page.waitForSelector('#dev-sign-in-form:not([hidden])');
    await snapshot(page, 'dashboard-sign-in');
    await page.selectOption('#dev-person', personId);
    await page.selectOption('#dev-role', role);
    await page.click('#dev-sign-in-form button[type=submit]');
    await page.waitForSelector(landing);
  }

  const signInAsDeveloper = (page: Page, personId: string, role: 'member' | 'admin' = 'member') => signInAsDeveloperTo(page, personId, role, '#main[aria-busy="false"] .unit-page');

  async function openUnit(page: Page, unitId: string) {
    await page.click(`#org-nav a[data-unit="${unitId}"]`);
    await page.waitForSelector(`#org-nav a[data-unit="${unitId}"][aria-current="page"]`);
    await dashboardReady(page);
  }

  const rowsOf = (page: Page) => page.$$eval('#target-rows tbody tr', (rows) => rows.map((row) => [row.querySelector('th')!.textContent, row.querySelectorAll('td')[3].textContent]));

  it('signs a team lead in with the development sign-in and shows their team: progress bars and every individual row', async () => {
    const { page, close } = await openTab();
    await signInAsDeveloper(page, 'lars');
    expect(await page.textContent('#signed-in-as')).toBe('lars');
    expect(await page.textContent('#unit-title')).toContain('Sales EMEA');
    // New ARR: 90,000 of 100,000 (the late check-in of 30 March), entered by hand.
    const arr = page.locator('[data-key-result="arr"]');
    expect(await arr.locator('.percent').textContent()).toBe('90 %');
    expect(await arr.textContent()).toMatch(/€90,000 of €100,000/);
    // Checked in on 30 March at 12:00 UTC: 14:00 in Berlin.
    expect(await arr.textContent()).toContain('checked in 30 Mar 2027, 14:00');
    // Colour by pace: on 2 April the quarter is over, 100 % was expected, 90 % is behind it.
    expect(await page.locator('[data-key-result="arr"] svg[role=img]').getAttribute('aria-label')).toBe('New ARR: 90 % progress; behind pace, 10 points behind the expected 100 %');
    // The objective: (3 × 0.9 + 1 × 0) / 4, rolled up.
    expect(await page.locator('.objective .progress .percent').first().textContent()).toBe('68 %');
    expect(await rowsOf(page)).toEqual([
      ['Rita Rep', '€55,300'],
      ['Sam Rep', '€20,400'],
      ['Tom Rep', '€49,700'],
    ]);
    // Sorted by attainment, highest first, then back by name.
    await page.click('#target-rows button[data-sort="attainment"]');
    expect((await rowsOf(page)).map(([name]) => name)).toEqual(['Tom Rep', 'Rita Rep', 'Sam Rep']);
    expect(await page.getAttribute('#target-rows th:has(button[data-sort="attainment"])', 'aria-sort')).toBe('descending');
    await page.click('#target-rows button[data-sort="person"]');
    expect((await rowsOf(page)).map(([name]) => name)).toEqual(['Rita Rep', 'Sam Rep', 'Tom Rep']);
    // The KPI bound to the CRM's closed-won amount: the sum of the team's deals, ingested, not typed in.
    const won = page.locator('[data-kpi="won"]');
    expect(await won.textContent()).toMatch(/€66,666/);
    expect(await won.textContent()).toContain('ingested from a source system');
    expect(await won.locator('.badge').first().textContent()).toBe('healthy');
    const aggregate = page.locator('[data-aggregate="sales.closed_won_amount"]').first();
    expect(await aggregate.textContent()).toMatch(/€125,400 of €139,000.*3 people/);
    expect(await aggregate.locator('h4').textContent()).toBe('Quota attainment: Closed-won amount');
    expect(await aggregate.locator('svg.distribution').getAttribute('aria-label')).toBe('Attainment distribution: ≥ 80 %: 2 of 3, ≥ 100 %: 2 of 3, ≥ 120 %: 1 of 3');
    await snapshot(page, 'dashboard-lead');

    // The same dashboard as a file, under the same rules (the lead's rows included).
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#dashboard-csv')]);
    expect(download.suggestedFilename()).toBe('sales-emea-fy27-q1.csv');
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv).toContain('New ARR');
    expect(csv).toMatch(/55300/);

    // The objective's history: its key results over the quarter, and each change with who and both times.
    await page.click('.objective button[aria-label="History of Win EMEA"]');
    await page.waitForSelector('#history-table');
    // Each key result over the quarter (uPlot, served by reporting): its value, its target and the expected pace.
    expect(await page.locator('#history-body .trend .uplot').count()).toBe(2);
    const arrTrend = page.locator('#history-body figure.trend', { hasText: 'New ARR' });
    expect(await arrTrend.getAttribute('aria-label')).toMatch(/^New ARR: from €30,000 on .* to €90,000 on .*, target €100,000$/);
    expect(await arrTrend.locator('.u-legend .u-series').allTextContents()).toEqual([expect.any(String), expect.stringContaining('New ARR'), expect.stringContaining('target'), expect.stringContaining('expected pace')]);
    // Each change in words: when it was true, when it was recorded (a late report), who, what.
    const lateCheckIn = page.locator('#history-table tbody tr', { hasText: '€90,000' });
    expect(await lateCheckIn.locator('td').evaluateAll((cells) => cells.slice(0, 3).map((cell) => cell.textContent))).toEqual([
      '30 Mar 2027, 14:00recorded 2 Apr 2027, 12:00',
      'Olivia Admin',
      'Check-in on “New ARR”: €90,000, on track',
    ]);
    expect(await lateCheckIn.locator('time').first().getAttribute('title')).toBe('2027-03-30 12:00:00 UTC');
    expect(await page.textContent('#history-table')).toContain('Key result “New ARR” added: increase from €0 to €100,000');
    expect(await page.textContent('#history-table')).not.toMatch(/KeyResultCheckInRecorded|checkInCount|no value yet|"/);
    await snapshot(page, 'dashboard-objective-history');
    await close();
  }, 60_000);

  it('shows a member (signed in with a pasted token) their own target, the team aggregate withheld (besides them, two people), and no colleague’s row or number anywhere', async () => {
    const { page, bodies, close } = await openTab();
    const token = await signDevelopmentToken({ secret: developmentSecret(dataDir), subject: 'sam', role: 'member', expiresIn: '10m' });
    await page.fill('#token-input', token);
    await page.click('#token-form button[type=submit]');
    await dashboardReady(page);
    expect(await page.textContent('#unit-title')).toContain('Sales EMEA');
    expect(await rowsOf(page)).toEqual([['Sam Rep', '€20,400']]);
    expect(await page.locator('[data-aggregate="sales.closed_won_amount"]').first().textContent()).toMatch(/withheld: fewer than 3 people you may not see/);
    await page.click('[data-target="q-sam"] button');
    await page.waitForSelector('#history-table');
    expect(await page.textContent('#history-table')).toContain('territory moved to Tom');
    expect(await page.textContent('#history-table')).toContain('Quota revised from €48,000 to €46,000');
    await snapshot(page, 'dashboard-history');
    await page.click('#history-close');

    for (const unitId of ['sales', 'success', 'acme', 'sales-emea']) await openUnit(page, unitId);

    const pageText = (await page.textContent('body'))!;
    const everything = [pageText, ...bodies].join('\n');
    for (const [id, personId, , , target, value] of QUOTAS.filter(([, personId]) => personId !== 'sam')) {
      expect({ personId, leaked: anyForm(value).test(everything) || anyForm(target).test(everything) || everything.includes(id) }).toEqual({ personId, leaked: false });
    }
    expect(everything).not.toMatch(anyForm(55300));
    // The team's KPI sums three people's deals, Sam's among them: less his own, two colleagues' sum, so it is withheld from him.
    expect(await page.locator('[data-kpi="won"]').textContent()).toMatch(/withheld/);
    expect(everything).not.toMatch(anyForm(66666));
    expect(everything).not.toMatch(anyForm(11111));
    expect(everything).not.toMatch(anyForm(33333));

    // Another person's target history is a 404 for Sam, exactly like a target that does not exist.
    const statusFromPage = (path: string) => page.evaluate(async ([url, bearer]) => (await fetch(url, { headers: { Authorization: `Bearer ${bearer}` } })).status, [path, token]);
    expect(await statusFromPage('/targets/q-rita/history')).toBe(404);
    expect(await statusFromPage('/targets/no-such-target/history')).toBe(404);
    await close();
  }, 60_000);

  it('shows the small team’s aggregate as withheld to a member of another team, without its numbers', async () => {
    const { page, bodies, close } = await openTab();
    await signInAsDeveloper(page, 'rita');
    await openUnit(page, 'success');
    const withheld = page.locator('[data-aggregate="success.expansion_amount"] .withheld');
    expect(await withheld.textContent()).toMatch(/withheld: fewer than 3 people/);
    expect(await page.locator('#target-rows').count()).toBe(0);
    await openUnit(page, 'sales');
    expect(await page.locator('[data-sub-unit="success"] .withheld').textContent()).toMatch(/withheld/);
    await snapshot(page, 'dashboard-withheld');
    await page.setViewportSize({ width: 800, height: 900 });
    await snapshot(page, 'dashboard-narrow');
    const everything = [(await page.textContent('body'))!, ...bodies].join('\n');
    expect(everything).not.toMatch(anyForm(27800));
    expect(everything).not.toMatch(anyForm(54000));
    expect(everything).not.toMatch(anyForm(33900));
    await close();
  }, 60_000);

  it('moves the as-of date back and shows the numbers as they were, and as the dashboard showed them then', async () => {
    const { page, close } = await openTab();
    await signInAsDeveloper(page, 'lars');
    const arrValue = () => page.locator('[data-key-result="arr"] .value').textContent();
    expect(await arrValue()).toMatch(/^€90,000/);

    await page.fill('#as-of-date', '2027-02-15');
    await page.dispatchEvent('#as-of-date', 'change');
    // The end of that day where the viewer is: 23:59 in Berlin.
    await page.waitForSelector('#main[aria-busy="false"] #as-of-shown:has-text("15 Feb 2027, 23:59")');
    expect(await page.getAttribute('#as-of-shown', 'title')).toBe('2027-02-15 22:59:59 UTC');
    expect(await arrValue()).toMatch(/^€30,000/);
    // By then only Rita's deal had closed: her lead sees it.
    expect(await page.locator('[data-kpi="won"]').textContent()).toMatch(/€11,111/);
    expect(await rowsOf(page)).toEqual([
      ['Rita Rep', '€45,100'],
      ['Sam Rep', '€20,400'],
      ['Tom Rep', '€49,700'],
    ]);
    // Pace moves with the date: 46 of 90 days elapsed.
    expect(await page.textContent('[data-summary="pace"] .tile-figure')).toBe('51 %');
    expect(await page.inputValue('#as-of-slider')).toBe('45');

    // What the dashboard showed on 31 March: the check-in of 30 March was not reported yet.
    await page.fill('#as-of-date', '2027-03-31');
    await page.dispatchEvent('#as-of-date', 'change');
    await page.waitForSelector('#main[aria-busy="false"] #as-of-shown:has-text("31 Mar 2027")');
    expect(await arrValue()).toMatch(/^€90,000/);
    await page.fill('#known-at-date', '2027-03-31');
    await page.dispatchEvent('#known-at-date', 'change');
    await page.waitForSelector('#main[aria-busy="false"] #known-at-shown:has-text("31 Mar 2027")');
    expect(await arrValue()).toMatch(/^€60,000/);
    expect(await page.textContent('#at-risk-title')).toBe('At risk (1)');
    await snapshot(page, 'dashboard-known-at');

    // The slider, by keyboard: one day back from 31 March.
    await page.focus('#as-of-slider');
    await page.keyboard.press('ArrowLeft');
    await page.waitForSelector('#main[aria-busy="false"] #as-of-shown:has-text("30 Mar 2027")');
    expect(await page.textContent('#as-of-label')).toBe('30 Mar 2027');

    // Before the quarter was set up (on 4 January) there is nothing to show, said once.
    await page.fill('#known-at-date', '');
    await page.fill('#as-of-date', '2027-01-02');
    await page.dispatchEvent('#as-of-date', 'change');
    const nothing = page.locator('#unit-page p[role=alert]');
    await nothing.waitFor();
    const message = (await nothing.textContent())!;
    expect(message).toMatch(/^Nothing to show: /);
    expect(message.split('did not exist').length - 1).toBe(1);

    await page.click('#now-button');
    await page.waitForSelector('#main[aria-busy="false"] #known-at-shown:has-text("2 Apr 2027")');
    expect(await arrValue()).toMatch(/^€90,000/);
    await close();
  }, 60_000);

  /** The open form's field error (next to the field) and form-level error. */
  const fieldError = (page: Page, field: string) => page.textContent(`#field-${field}-error`);

  it('lets a member create an objective, add a key result and check in from the dashboard, with each refusal next to its field', async () => {
    const { page, close } = await openTab();
    await signInAsDeveloper(page, 'rita');
    await page.click('#new-objective');
    await page.fill('#field-title', 'Open the Nordics');
    await page.click('#form-submit');
    const objective = page.locator('article.objective', { hasText: 'Open the Nordics' });
    await objective.waitFor();
    expect(await objective.textContent()).toContain('committed, Sales EMEA');

    await page.click('button[aria-label="Add key result to Open the Nordics"]');
    await page.fill('#field-title', 'Nordic meetings');
    await page.fill('#field-unit', 'meetings');
    // No target: goals refuses, and says so next to the target.
    await page.click('#form-submit');
    await page.waitForFunction(() => document.querySelector('#field-target-error')?.textContent);
    expect(await page.getAttribute('#field-target', 'aria-invalid')).toBe('true');
    await page.fill('#field-target', '10');
    await page.click('#form-submit');
    await objective.locator('li', { hasText: 'Nordic meetings' }).waitFor();

    // The check-in: the button on the key result, then record; by keyboard alone.
    await page.focus('button[aria-label="Check in on Nordic meetings"]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#form-dialog[open]');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('field-value');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('#field-value-error')?.textContent);
    expect(await fieldError(page, 'value')).toBe('is required');
    await page.keyboard.type('4');
    await page.selectOption('#field-confidence', 'at-risk');
    await page.fill('#field-note', 'two meetings cancelled by the partner');
    await page.focus('#field-value');
    await page.keyboard.press('Enter');
    const keyResult = objective.locator('li', { hasText: 'Nordic meetings' });
    await page.waitForSelector('#form-dialog[open]', { state: 'detached' });
    await keyResult.locator('.value', { hasText: '4 meetings of 10 meetings' }).waitFor();
    expect(await keyResult.locator('.percent').textContent()).toBe('40 %');
    expect(await keyResult.locator('.badge').textContent()).toBe('at risk');
    await page.locator('#status', { hasText: 'Check-in on Nordic meetings recorded.' }).waitFor();
    // The keyboard is back on the button it started from, on the redrawn page.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Check in on Nordic meetings');
    // The summary counts it, and the at-risk list names it by its title.
    expect(await page.textContent('[data-summary="status"]')).toContain('1 at risk');
    expect(await page.textContent('.at-risk-list')).toContain('key result “Nordic meetings” reported at-risk');

    // Aligned under the team's objective, from the page.
    await page.click('button[aria-label="Align Open the Nordics"]');
    await page.selectOption('#field-parentObjectiveId', 'emea');
    await page.click('#form-submit');
    await page.waitForSelector('#form-dialog[open]', { state: 'detached' });
    await page.locator('#status', { hasText: '“Open the Nordics” aligned.' }).waitFor();

    await page.click('button[aria-label="History of Open the Nordics"]');
    await page.waitForSelector('#history-table');
    expect(await page.textContent('#history-table')).toContain('Aligned to Win EMEA');
    expect(await page.textContent('#history-table')).toContain('Check-in on “Nordic meetings”: 4 meetings, at risk: “two meetings cancelled by the partner”');
    expect(await page.textContent('#history-table')).toContain('Rita Rep');
    await page.click('#history-close');
    await close();
  }, 60_000);

  it('refuses a check-in by the lead of another team, and says why in the form', async () => {
    const { page, close } = await openTab();
    await signInAsDeveloper(page, 'nina');
    await openUnit(page, 'sales-emea');
    await page.click('button[aria-label="Check in on New ARR"]');
    await page.click('#form-submit');
    await page.waitForFunction(() => document.querySelector('#form-error')?.textContent);
    expect(await page.textContent('#form-error')).toMatch(/^Not yours to change/);
    await page.click('#form-dialog button.secondary');
    expect(await page.locator('[data-key-result="arr"] .value').textContent()).toMatch(/^€90,000/);
    await close();
  }, 60_000);

  it('lets a lead set and revise a quota with its attainability against past cycles shown before saving, and a peer never sees it', async () => {
    await post('/cycles', { id: 'fy27-q2', kind: 'quarter', fiscalYear: 2027, quarter: 2 }).expect(201);
    await caughtUp(goals.app.get<EventStore>(EVENT_STORE), reporting.get(GoalEventsProjection));
    const { page, close } = await openTab();
    await signInAsDeveloper(page, 'lars');
    // 2 April: the second quarter is running, and the page opens on it.
    expect(await page.inputValue('#cycle-select')).toBe('fy27-q2');
    await page.click('#new-quota');
    await page.selectOption('#field-personId', 'rita');
    expect(await page.inputValue('#field-metric')).toBe('sales.closed_won_amount');
    await page.fill('#field-targetValue', '200000');
    const warning = page.locator('#attainability-warning');
    await warning.waitFor();
    // Rita attained €55,300 in Q1, the best of her team: €200,000 is 3.6 times that.
    expect(await warning.textContent()).toBe('Far above anything attained: €200,000 is 3.6× the person’s best, 3.6× the unit’s best.');
    expect(await page.textContent('#form-preview')).toContain('FY2027 Q1: €55,300 of €52,000 (106 %)');
    await snapshot(page, 'quota-attainability');
    await page.fill('#field-targetValue', '60000');
    await page.locator('#attainability-ok').waitFor();
    await page.click('#form-submit');
    const row = page.locator('#target-rows tbody tr', { hasText: 'Rita Rep' });
    await row.locator('td.number', { hasText: '€60,000' }).waitFor();
    const ritasQuota = (await row.getAttribute('data-target'))!;

    await page.click('button[aria-label="Revise Rita Rep’s quota"]');
    await page.fill('#field-targetValue', '150000');
    await page.locator('#attainability-warning').waitFor();
    // No reason: goals names the field.
    await page.click('#form-submit');
    await page.waitForFunction(() => document.querySelector('#field-reason-error')?.textContent);
    await page.fill('#field-reason', 'territory change');
    await page.click('#form-submit');
    await row.locator('td.number', { hasText: 'originally €60,000' }).waitFor();
    expect(await row.locator('td.number').first().textContent()).toBe('€150,000originally €60,000');
    await close();

    const peer = await openTab();
    await signInAsDeveloper(peer.page, 'sam');
    expect(await peer.page.inputValue('#cycle-select')).toBe('fy27-q2');
    expect(await peer.page.locator('#target-rows').count()).toBe(0);
    expect(await peer.page.locator('#new-quota').count()).toBe(0);
    const everything = [(await peer.page.textContent('body'))!, ...peer.bodies].join('\n');
    expect(everything).not.toContain(ritasQuota);
    expect(everything).not.toMatch(anyForm(150000));
    expect(everything).not.toMatch(anyForm(60000));
    await peer.close();
  }, 60_000);

  it('has no serious accessibility violation (axe-core), on the dashboard and in its forms', async () => {
    const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
    // axe is injected as an inline script, which the page's policy rightly refuses: this tab bypasses it.
    const context = await browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/Berlin', viewport: { width: 1440, height: 900 }, bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/#unit=sales-emea&cycle=fy27-q1`);
    await signInAsDeveloper(page, 'lars');
    const serious = () => seriousViolations(page, axeSource);
    expect(await serious()).toEqual([]);
    await page.click('[data-target] button[aria-label^="Revise"]');
    await page.locator('#attainability-ok, #attainability-warning').first().waitFor();
    expect(await serious()).toEqual([]);
    await context.close();

    const adminContext = await browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/Berlin', viewport: { width: 390, height: 900 }, bypassCSP: true });
    const adminTab = await adminContext.newPage();
    await adminTab.goto(`${baseUrl}/#page=admin`);
    await signInAsDeveloperTo(adminTab, 'olivia', 'admin', '#held-deals, #no-held-deals');
    expect(await seriousViolations(adminTab, axeSource)).toEqual([]);
    await adminContext.close();
  }, 60_000);

  it('fits a phone: nothing wider than the screen from 320 to 414 px, the check-in form usable there, the administration too', async () => {
    for (const width of [320, 390, 414]) {
      const context = await browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/Berlin', viewport: { width, height: 800 }, isMobile: true, hasTouch: true });
      const page = await context.newPage();
      await page.goto(`${baseUrl}/#unit=sales-emea&cycle=fy27-q1`);
      await signInAsDeveloper(page, 'lars');
      const overflowing = await page.evaluate((screen) => Array.from(document.querySelectorAll('body *')).filter((element) => element.getBoundingClientRect().right > screen + 0.5 && !element.parentElement?.closest('.table-scroll')).map((element) => `${element.tagName}.${element.className}#${element.id}`).slice(0, 8), width);
      expect({ width, scrollWidth: await page.evaluate(() => document.documentElement.scrollWidth), overflowing }).toEqual({ width, scrollWidth: width, overflowing: [] });
      await page.click('button[aria-label="Check in on New ARR"]');
      await page.waitForSelector('#form-dialog[open]');
      const dialog = await page.locator('#form-dialog').boundingBox();
      expect(dialog!.x >= 0 && dialog!.x + dialog!.width <= width).toBe(true);
      await context.close();
    }
    // The administration page too, at the narrowest.
    const context = await browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/Berlin', viewport: { width: 320, height: 800 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/#page=admin`);
    await signInAsDeveloperTo(page, 'olivia', 'admin', '#admin-title');
    expect(await page.evaluate(() => Array.from(document.querySelectorAll('body *')).filter((element) => element.getBoundingClientRect().right > 320.5 && !element.parentElement?.closest('.table-scroll')).map((element) => `${element.tagName}#${element.id}`).slice(0, 6))).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(320);
    await context.close();
  }, 60_000);

  it('keeps pictures of the page at 1440 and 390 px for the README (DOCS_SCREENSHOTS=docs)', async () => {
    const folder = process.env.DOCS_SCREENSHOTS;
    if (!folder) return;
    for (const width of [1440, 390]) {
      const context = await browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/Berlin', viewport: { width, height: 900 }, deviceScaleFactor: 1 });
      const page = await context.newPage();
      await page.goto(`${baseUrl}/#unit=sales-emea&cycle=fy27-q1`);
      await signInAsDeveloper(page, 'lars');
      await page.screenshot({ path: join(folder, `web-dashboard-${width}.png`), fullPage: true });
      await page.click('button[aria-label="Check in on New ARR"]');
      await page.waitForSelector('#form-dialog[open]');
      await page.screenshot({ path: join(folder, `web-check-in-${width}.png`) });
      await context.close();
    }
  }, 60_000);

  it('lets an admin bind a key result to a metric, import the organisation with its error report, and map a Salesforce owner', async () => {
    const integration = await signDevelopmentToken({ secret: developmentSecret(dataDir), subject: 'integration:crm', role: 'integration' });
    await ingestion.http.post('/salesforce/change-events').set('Authorization', `Bearer ${integration}`)
      .send([changeEvent('CREATE', ['006R1'], deal('005Dn000001RitaAAA', 'Closed Won', 12000, '2027-04-01'), '2027-04-01T15:00:00Z')]).expect(200);
    const { page, close } = await openTab();
    await page.goto(`${baseUrl}/#unit=sales-emea&cycle=fy27-q1`);
    await signInAsDeveloper(page, 'olivia', 'admin');

    await page.click('button[aria-label="Bind New ARR to a metric"]');
    expect(await page.inputValue('#field-metric')).toBe('sales.closed_won_amount');
    await page.click('#form-submit');
    const arr = page.locator('[data-key-result="arr"]');
    // The team's deals now make the value: 11,111 + 22,222 + 33,333.
    await arr.locator('.value', { hasText: '€66,666 of €100,000' }).waitFor();
    expect(await arr.textContent()).toContain('ingested from a source system');
    expect(await arr.locator('button.check-in').count()).toBe(0);

    await page.click('#admin-button');
    await page.waitForSelector('#admin-title');
    await page.fill('#import-text', ['type,id,name,kind,parent_id,email,unit_id,lead', 'person,pia,Pia Partner,,,pia@acme.test,sales-emea,', 'unit,north,North,team,nowhere,,,'].join('\n'));
    await page.click('#import-submit');
    await page.waitForSelector('#import-summary');
    expect(await page.textContent('#import-summary')).toBe('1 created, 0 updated, 0 unchanged, 1 rejected.');
    expect(await page.locator('#import-errors tbody tr').evaluateAll((rows) => rows.map((row) => row.children[0].textContent))).toEqual(['3']);
    expect(await page.getAttribute('#import-error-report', 'download')).toBe('organisation-import-errors.csv');
    await page.locator('#org-nav').getByText('Sales EMEA').waitFor();

    // Data points from a file: a job whose progress the page follows to the end, with each rejected row.
    await page.setInputFiles('#data-import-file', {
      name: 'march.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(['metric,subject_type,subject_id,value,occurred_at,record_id', 'sales.closed_won_amount,person,rita,1000,2027-03-20T10:00:00Z,imp-1', 'sales.closed_won_amount,person,rita,lots,2027-03-21T10:00:00Z,imp-2'].join('\n')),
    });
    await page.click('#data-import-submit');
    await page.locator('#data-import-progress', { hasText: 'Done: 2 rows read, 1 accepted, 0 unchanged, 1 rejected.' }).waitFor();
    expect(await page.locator('#data-import-errors tbody tr td').first().textContent()).toBe('3');
    const [report] = await Promise.all([page.waitForEvent('download'), page.click('#data-import-error-report')]);
    expect(readFileSync((await report.path())!, 'utf8')).toMatch(/^row,field,reason\n3,value,/);

    const held = page.locator('#held-deals tr[data-owner="005Dn000001RitaAAA"]');
    await held.waitFor();
    await held.locator('select').selectOption('rita');
    await held.locator('button').click();
    await page.locator('#mapping-result', { hasText: '005Dn000001RitaAAA is now Rita Rep: 1 waiting deal applied.' }).waitFor();
    await page.waitForSelector('#no-held-deals');
    await snapshot(page, 'administration');
    await close();
  }, 60_000);

  it('shows a member the key result bound to his team of three as withheld, with the API’s reason, and the objective’s progress too', async () => {
    const { page, bodies, close } = await openTab();
    await page.goto(`${baseUrl}/#unit=sales-emea&cycle=fy27-q1`);
    await signInAsDeveloper(page, 'sam');
    const arr = page.locator('[data-key-result="arr"]');
    expect(await arr.locator('.withheld').textContent()).toMatch(/^value withheld: .*fewer than 3 people/);
    const objective = page.locator('article[data-objective="emea"]');
    expect(await objective.locator('.withheld').first().textContent()).toMatch(/^progress withheld/);
    expect(await page.textContent('[data-summary="progress"]')).toContain('not counting 1 whose progress is withheld');
    const everything = [(await page.textContent('body'))!, ...bodies].join('\n');
    expect(everything).not.toMatch(anyForm(66666));
    await close();
  }, 60_000);

  it('signs development tokens only on the development secret: with JWT_SECRET configured the route is a 404', async () => {
    const http = request(reporting.getHttpServer());
    const signedIn = await http.post('/dev-sign-in').send({ personId: 'lars', role: 'member' }).expect(201);
    await http.get('/org-tree').set('Authorization', `Bearer ${signedIn.body.token}`).expect(200);
    // Only the dashboard's own files are served, by name: never a path into the service's sources.
    expect((await http.get('/assets/app.js').expect(200)).headers['content-type']).toMatch(/text\/javascript/);
    await http.get('/assets/..%2Fweb.controller.ts').expect(404);
    await http.get('/assets/missing.js').expect(404);
    await http.get('/org-tree').expect(401);
    const refused = await http.post('/dev-sign-in').send({ personId: 'lars', role: 'owner' }).expect(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'body.role' })]);

    const configured = await startReportingService({ goals, bus: new InProcessBus(), clock: goals.clock });
    try {
      await configured.http.get('/dev-sign-in').expect(404);
      await configured.http.post('/dev-sign-in').send({ personId: 'lars', role: 'admin' }).expect(404);
      // The page itself is still served; it offers only the pasted token.
      const page = await configured.http.get('/').expect(200);
      expect(page.headers['content-type']).toMatch(/text\/html/);
      expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    } finally {
      await configured.close();
    }
  });
});

/** What axe-core finds serious or critical on the page as it stands, each with where. */
async function seriousViolations(page: Page, axeSource: string): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const { violations } = await (window as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe.run();
    return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}

/** Resolves once reporting has applied every event the goals store holds. */
async function caughtUp(goalsStore: EventStore, projection: GoalEventsProjection): Promise<void> {
  const deadline = Date.now() + 20_000;
  while ((await goalsStore.readAll({ fromPosition: projection.checkpoint, limit: 1 })).length > 0) {
    if (Date.now() > deadline) throw new Error(`reporting did not catch up: at ${projection.checkpoint}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
