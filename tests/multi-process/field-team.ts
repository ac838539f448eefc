/** A sales team and its quarter, set up through the goals and ingestion APIs: what the multi-process runs send data points to. */
export const REPS = ['r1', 'r2', 'r3', 'r4', 'r5', 'r6'];
export const METRIC = 'sales.closed_won_amount';
export const QUARTER_START = '2026-07-01T00:00:00Z';
export const CYCLE_ID = 'fy26-q3';

/** A JSON (or CSV, for a string) request with a bearer token. */
export function call(url: string, method: string, body: unknown, token: string): Promise<Response> {
  const csv = body === undefined || typeof body === 'string';
  return fetch(url, { method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': csv ? 'text/csv' : 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

async function expectStatus(response: Promise<Response>, status: number, what: string): Promise<void> {
  const answer = await response;
  if (answer.status !== status) throw new Error(`${what}: ${answer.status} ${(await answer.text()).slice(0, 300)}`);
}

/**
 * Team `field` under company `acme` with REPS as members, metric METRIC defined, cycle CYCLE_ID, all
 * from the quarter's first day; each rep's target bound to the metric (on `targetsOn`), and the
 * team objective `win` with key result `closed-won` bound to the team's facts (on `keyResultOn`).
 */
export async function setUpFieldTeam(options: { targetsOn: string; keyResultOn: string; ingestion: string; admin: string }): Promise<void> {
  const { targetsOn, keyResultOn, ingestion, admin } = options;
  const orgCsv = ['type,id,name,kind,parent_id,email,unit_id,lead', 'unit,acme,Acme,company,,,,', 'unit,field,Field Sales,team,acme,,,', ...REPS.map((rep) => `person,${rep},Rep ${rep},,,${rep}@acme.test,field,`)].join('\n');
  await expectStatus(call(`${targetsOn}/org/import?effectiveAt=${QUARTER_START}`, 'POST', orgCsv, admin), 200, 'org import');
  await expectStatus(call(`${ingestion}/metric-definitions/${METRIC}`, 'PUT', { name: 'Closed-won amount', unit: 'EUR' }, admin), 200, 'metric definition');
  const since = { effectiveAt: QUARTER_START };
  await expectStatus(call(`${targetsOn}/cycles`, 'POST', { id: CYCLE_ID, kind: 'quarter', fiscalYear: 2026, quarter: 3, ...since }, admin), 201, 'cycle');
  await expectStatus(call(`${keyResultOn}/objectives`, 'POST', { id: 'win', cycleId: CYCLE_ID, title: 'Win the field', owner: { type: 'team', id: 'field' }, commitment: 'committed', ...since }, admin), 201, 'objective');
  const keyResult = { id: 'closed-won', title: 'Closed-won', kind: 'metric', start: 0, target: 10_000_000, unit: 'EUR', direction: 'increase', ...since };
  await expectStatus(call(`${keyResultOn}/objectives/win/key-results`, 'POST', keyResult, admin), 201, 'key result');
  await expectStatus(call(`${keyResultOn}/objectives/win/key-results/closed-won/metric-binding`, 'POST', { metric: METRIC, aggregation: 'sum', scope: { type: 'unit', unitId: 'field' }, ...since }, admin), 201, 'key result binding');
  for (const rep of REPS) {
    await expectStatus(call(`${targetsOn}/targets`, 'POST', { id: `q-${rep}`, personId: rep, unitId: 'field', cycleId: CYCLE_ID, metric: METRIC, targetValue: 500_000, unit: 'EUR', ...since }, admin), 201, `target of ${rep}`);
    await expectStatus(call(`${targetsOn}/targets/q-${rep}/metric-binding`, 'POST', { aggregation: 'sum', ...since }, admin), 201, `target binding of ${rep}`);
  }
}

/** The team key result as a reporting instance's dashboard shows it (undefined until it knows the objective). */
export async function dashboardTeamValue(reporting: string, admin: string): Promise<number | undefined> {
  const dashboard = (await (await call(`${reporting}/units/field/cycles/${CYCLE_ID}/dashboard`, 'GET', undefined, admin)).json()) as { objectives?: { keyResults: { value: number }[] }[] };
  return dashboard.objectives?.[0]?.keyResults[0].value;
}
