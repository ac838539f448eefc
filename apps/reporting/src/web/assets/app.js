import { ApiError, getJson, INGESTION } from './api.js';
import { h } from './element.js';
import { lastFormOpener, wireFormDialog } from './form-dialog.js';
import { formatDay, learnMetrics } from './format.js';
import { showHistory, wireHistoryDialog } from './history-dialog.js';
import { renderAdminPage } from './admin-page.js';
import { homeUnitOf, orgOf, renderOrgTree } from './org-tree.js';
import { claimsOf, currentToken, forgetToken } from './session.js';
import { showSignIn } from './sign-in.js';
import { renderUnitPage } from './unit-page.js';

const DAY = 86_400_000;
const byId = (id) => document.getElementById(id);

/** What is on screen, mirrored in the address (#unit=…&cycle=…&asOf=YYYY-MM-DD&knownAt=YYYY-MM-DD) so it can be shared and reloaded. */
const view = { unitId: null, cycleId: null, asOfDay: null, knownAtDay: null, admin: false };
let tree = null;
let org = null;
let claims = null;
let serverToday = null;
let shownReport = null;
let request = 0;

/** A picked day means the end of that day where the viewer is: everything that was true (or recorded) during it. */
const endOfDay = (day) => (day ? new Date(`${day}T23:59:59.999`).toISOString() : undefined);
const dayOf = (iso) => iso.slice(0, 10);
const daysBetween = (from, to) => Math.round((Date.parse(to) - Date.parse(from)) / DAY);
const addDays = (day, days) => new Date(Date.parse(day) + days * DAY).toISOString().slice(0, 10);

function readAddress() {
  const fields = new URLSearchParams(location.hash.slice(1));
  view.unitId = fields.get('unit') || view.unitId;
  view.cycleId = fields.get('cycle') || view.cycleId;
  view.asOfDay = fields.get('asOf') || null;
  view.knownAtDay = fields.get('knownAt') || null;
  view.admin = fields.get('page') === 'admin';
}

function writeAddress() {
  const fields = new URLSearchParams(Object.entries({ page: view.admin ? 'admin' : null, unit: view.unitId, cycle: view.cycleId, asOf: view.asOfDay, knownAt: view.knownAtDay }).filter(([, value]) => value));
  history.replaceState(null, '', `#${fields}`);
}

function setBusy(busy, message = '') {
  byId('main').setAttribute('aria-busy', String(busy));
  byId('status').textContent = message;
}

function signOut(message = '') {
  forgetToken();
  byId('session').replaceChildren();
  showSignIn(start).then(() => (byId('sign-in-error').textContent = message));
}

function showSession(claims) {
  byId('session').replaceChildren(
    h('span', {}, 'Signed in as ', h('strong', { id: 'signed-in-as' }, claims?.subject ?? 'unknown'), ` (${claims?.role ?? '?'})`),
    ...(claims?.role === 'admin' ? [h('button', { type: 'button', id: 'admin-button', onClick: () => openAdmin(!view.admin) }, 'Administration')] : []),
    h('button', { type: 'button', onClick: () => signOut() }, 'Sign out'),
  );
}

async function start() {
  const token = currentToken();
  if (!token) return showSignIn(start);
  claims = claimsOf(token);
  if (claims?.expiresAt && claims.expiresAt.getTime() < Date.now()) return signOut('Your token has expired: sign in again.');
  byId('sign-in').hidden = true;
  byId('workspace').hidden = false;
  showSession(claims);
  setBusy(true, 'Loading the organisation…');
  try {
    const [orgTree, { cycles, asOf: serverNow }] = await Promise.all([getJson('/org-tree'), getJson('/cycles'), loadMetricNames()]);
    tree = orgTree;
    org = orgOf(tree, claims);
    serverToday = dayOf(serverNow);
    readAddress();
    view.unitId ??= homeUnitOf(tree, claims?.subject);
    const running = cycles.find((cycle) => cycle.startsOn <= dayOf(serverNow) && dayOf(serverNow) <= cycle.endsOn);
    view.cycleId ??= (running ?? cycles[0])?.id ?? null;
    byId('cycle-select').replaceChildren(...cycles.map((cycle) => h('option', { value: cycle.id, selected: cycle.id === view.cycleId }, `${cycle.name} · ${cycle.status}`)));
    await showDashboard();
  } catch (error) {
    failed(error);
  }
}

function failed(error) {
  if (error instanceof ApiError && error.status === 401) return signOut('The service refused your token (expired or not for this service): sign in again.');
  setBusy(false, '');
  byId('unit-page').replaceChildren(h('p', { className: 'error', role: 'alert' }, error.message));
}

/** The administration page instead of a unit's dashboard (and back). */
function openAdmin(open) {
  view.admin = open;
  showDashboard();
  byId('main').focus();
}

function showAdmin() {
  byId('time-controls').hidden = true;
  byId('admin-button')?.setAttribute('aria-pressed', 'true');
  byId('unit-page').replaceChildren(renderAdminPage({
    org,
    today: serverToday,
    // Reporting learns the import from goals' events a moment later: read the tree until it moved.
    onOrgChanged: async () => {
      const before = JSON.stringify(tree.units);
      for (let attempt = 0; attempt < 20 && JSON.stringify(tree.units) === before; attempt += 1) {
        if (attempt) await new Promise((resolve) => setTimeout(resolve, 150));
        tree = await getJson('/org-tree');
      }
      org = orgOf(tree, claims);
      byId('org-nav').replaceChildren(...renderOrgTree(tree, view.unitId, openUnit));
    },
  }));
  document.title = 'Administration · OKR dashboard';
  setBusy(false, '');
}

function openUnit(unitId) {
  view.unitId = unitId;
  view.admin = false;
  showDashboard();
  byId('main').focus();
}

/** Metric names and units from metrics-ingestion's definitions; without them the page shows keys. */
async function loadMetricNames() {
  try {
    learnMetrics((await getJson(`${INGESTION}/metric-definitions`)).metrics);
  } catch {
    // Reporting alone (no INGESTION_URL), or the definitions refused: keys are still correct.
  }
}

function openHistory(kind, id, title, options) {
  showHistory(kind, id, title, { knownAt: endOfDay(view.knownAtDay), names: { person: org.personName, unitName: org.unitName, objective: (id) => shownReport?.objectives.find((objective) => objective.id === id)?.title }, ...options });
}

const comparable = (report) => JSON.stringify({ ...report, asOf: undefined, knownAt: undefined });

/**
 * After a change was recorded: goals has it, reporting learns it from the event stream a moment
 * later, so the dashboard is read again until it shows the change (or a few seconds have passed);
 * a change the dashboard does not show (an alignment) is read once.
 */
async function onRecorded(message, { showsOnDashboard = true } = {}) {
  const before = shownReport && showsOnDashboard ? comparable(shownReport) : null;
  const deadline = Date.now() + 5_000;
  for (;;) {
    await showDashboard({ quiet: true });
    if (!before || !shownReport || comparable(shownReport) !== before || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  byId('status').textContent = message;
  (lastFormOpener() ?? byId('main')).focus();
}

async function showDashboard({ quiet = false } = {}) {
  writeAddress();
  byId('org-nav').replaceChildren(...renderOrgTree(tree, view.unitId, openUnit));
  if (view.admin && claims?.role === 'admin') return showAdmin();
  byId('time-controls').hidden = false;
  byId('admin-button')?.setAttribute('aria-pressed', 'false');
  if (!view.unitId || !view.cycleId) {
    setBusy(false);
    byId('unit-page').replaceChildren(h('p', { className: 'empty' }, 'No unit or cycle recorded yet.'));
    return;
  }
  const mine = ++request;
  setBusy(true, quiet ? byId('status').textContent : 'Loading the dashboard…');
  try {
    const report = await getJson(`/units/${encodeURIComponent(view.unitId)}/cycles/${encodeURIComponent(view.cycleId)}/dashboard`, { asOf: endOfDay(view.asOfDay), knownAt: endOfDay(view.knownAtDay) });
    if (mine !== request) return;
    shownReport = report;
    byId('unit-page').replaceChildren(renderUnitPage(report, { org, today: serverToday, viewing: Boolean(view.asOfDay || view.knownAtDay), onHistory: openHistory, onOpenUnit: openUnit, onRecorded }));
    document.title = `${report.unit.name} · ${report.cycle.name} · OKR dashboard`;
    syncTimeControls(report);
    setBusy(false, quiet ? byId('status').textContent : '');
  } catch (error) {
    if (mine !== request) return;
    if (error instanceof ApiError && error.status === 404) {
      setBusy(false, '');
      byId('unit-page').replaceChildren(h('p', { className: 'empty', role: 'alert' }, `Nothing to show: ${error.message}.`));
      return;
    }
    failed(error);
  }
}

/** The slider spans the cycle day by day; with no date picked it sits on the service's today (or the cycle's end). */
function syncTimeControls(report) {
  const slider = byId('as-of-slider');
  const { startsOn, endsOn } = report.cycle;
  const shownDay = view.asOfDay ?? (dayOf(report.asOf) < endsOn ? dayOf(report.asOf) : endsOn);
  slider.max = String(daysBetween(startsOn, endsOn));
  slider.value = String(Math.max(0, Math.min(daysBetween(startsOn, shownDay), Number(slider.max))));
  slider.dataset.startsOn = startsOn;
  slider.setAttribute('aria-valuetext', view.asOfDay ? formatDay(view.asOfDay) : 'now');
  byId('as-of-label').textContent = view.asOfDay ? formatDay(view.asOfDay) : 'now';
  byId('as-of-date').value = view.asOfDay ?? '';
  byId('as-of-date').min = startsOn;
  byId('known-at-date').value = view.knownAtDay ?? '';
}

function wireTimeControls() {
  const slider = byId('as-of-slider');
  const dayOnSlider = () => addDays(slider.dataset.startsOn, Number(slider.value));
  slider.addEventListener('input', () => {
    byId('as-of-label').textContent = formatDay(dayOnSlider());
    slider.setAttribute('aria-valuetext', formatDay(dayOnSlider()));
  });
  slider.addEventListener('change', () => {
    view.asOfDay = dayOnSlider();
    showDashboard();
  });
  byId('as-of-date').addEventListener('change', (event) => {
    view.asOfDay = event.target.value || null;
    showDashboard();
  });
  byId('known-at-date').addEventListener('change', (event) => {
    view.knownAtDay = event.target.value || null;
    showDashboard();
  });
  byId('now-button').addEventListener('click', () => {
    view.asOfDay = null;
    view.knownAtDay = null;
    showDashboard();
  });
  byId('cycle-select').addEventListener('change', (event) => {
    view.cycleId = event.target.value;
    view.asOfDay = null;
    showDashboard();
  });
  byId('time-controls').addEventListener('submit', (event) => event.preventDefault());
}

wireTimeControls();
wireHistoryDialog();
wireFormDialog();
start();
