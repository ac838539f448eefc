import { ApiError, downloadCsv, getJson, GOALS, INGESTION, send } from './api.js';
import { h } from './element.js';
import { formatInstant } from './format.js';

/**
 * The organisation's administration, for admins: importing the organisation from CSV (with each
 * rejected row), and mapping Salesforce users to people (with what waits for a mapping). Each
 * action goes to the service that owns it, which decides; its answer is shown as it is.
 * ctx: { org, today, onOrgChanged }
 */
export function renderAdminPage(ctx) {
  return h('div', { className: 'admin-page' },
    h('h2', { id: 'admin-title' }, 'Administration'),
    orgImportSection(ctx),
    dataImportSection(),
    salesforceSection(ctx));
}

const csvCell = (value) => (/[",\n]/.test(String(value ?? '')) ? `"${String(value).replace(/"/g, '""')}"` : String(value ?? ''));

/** The rejected rows of an import as a CSV file to download, fix and import again. */
function errorReportLink(errors) {
  const text = ['line,field,reason', ...errors.map((error) => [error.line, error.field ?? '', error.reason].map(csvCell).join(','))].join('\n');
  return h('a', { href: URL.createObjectURL(new Blob([text], { type: 'text/csv' })), download: 'organisation-import-errors.csv', id: 'import-error-report' }, 'Download the error report (CSV)');
}

function orgImportSection(ctx) {
  const result = h('div', { id: 'import-result', 'aria-live': 'polite' });
  const file = h('input', { type: 'file', id: 'import-file', accept: '.csv,text/csv', 'aria-describedby': 'import-help' });
  const pasted = h('textarea', { id: 'import-text', rows: 6, spellcheck: 'false', 'aria-describedby': 'import-help' });
  const effective = h('input', { type: 'date', id: 'import-effective', max: ctx.today });
  const button = h('button', { type: 'submit', id: 'import-submit' }, 'Import');
  const form = h('form', { className: 'card', 'aria-labelledby': 'import-title' },
    h('h3', { id: 'import-title' }, 'Import the organisation (CSV)'),
    h('p', { className: 'hint', id: 'import-help' }, 'Columns type,id,name,kind,parent_id,email,unit_id,lead: a row per unit and per person. Good rows are recorded even when some are bad; importing the same file again changes nothing.'),
    h('label', { for: 'import-file' }, 'File'), file,
    h('label', { for: 'import-text' }, 'or paste its text'), pasted,
    h('label', { for: 'import-effective' }, 'True from (optional)'), effective,
    h('div', { className: 'form-buttons' }, button),
    result);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = file.files[0] ? await file.files[0].text() : pasted.value;
    if (!text.trim()) {
      result.replaceChildren(h('p', { className: 'error', role: 'alert' }, 'Choose a file or paste its text first.'));
      return;
    }
    button.disabled = true;
    const rows = text.trim().split('\n').length - 1;
    result.replaceChildren(h('p', { className: 'status', role: 'status' }, `Importing ${rows} rows…`), h('progress', { 'aria-label': 'Importing' }));
    try {
      const query = effective.value && effective.value < ctx.today ? `?effectiveAt=${encodeURIComponent(new Date(`${effective.value}T00:00:00`).toISOString())}` : '';
      const report = await send('POST', `${GOALS}/org/import${query}`, text, 'text/csv');
      const { created, updated, unchanged, rejected } = report.summary;
      result.replaceChildren(
        h('p', { className: rejected ? 'warning' : 'ok', id: 'import-summary' }, `${created} created, ${updated} updated, ${unchanged} unchanged, ${rejected} rejected.`),
        report.errors.length
          ? h('div', {},
              h('div', { className: 'table-scroll' }, h('table', { id: 'import-errors' },
                h('caption', {}, 'Rejected rows'),
                h('thead', {}, h('tr', {}, h('th', { scope: 'col', className: 'number' }, 'Line'), ...['Field', 'Why'].map((name) => h('th', { scope: 'col' }, name)))),
                h('tbody', {}, report.errors.map((error) => h('tr', {}, h('td', { className: 'number' }, String(error.line)), h('td', {}, error.field ?? ''), h('td', {}, error.reason)))))),
              errorReportLink(report.errors))
          : null);
      ctx.onOrgChanged();
    } catch (failure) {
      result.replaceChildren(h('p', { className: 'error', role: 'alert' }, `Import refused: ${failure.message}`));
    } finally {
      button.disabled = false;
    }
  });
  return form;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A job's progress as metrics-ingestion reports it, read again until it has finished. */
async function followImport(url, result) {
  for (;;) {
    const job = await getJson(`${INGESTION}${url}`);
    const done = job.state !== 'running';
    result.replaceChildren(
      h('p', { className: job.state === 'failed' || job.rejected ? 'warning' : done ? 'ok' : 'status', id: 'data-import-progress', role: 'status' },
        `${done ? (job.state === 'failed' ? `Failed (${job.failure}) after` : 'Done:') : 'Importing:'} ${job.rowsRead} rows read, ${job.accepted} accepted, ${job.unchanged} unchanged, ${job.rejected} rejected.`),
      done ? null : h('progress', { 'aria-label': 'Import running' }),
      job.errors?.length
        ? h('div', { className: 'table-scroll' }, h('table', { id: 'data-import-errors' },
            h('caption', {}, job.errors.length < job.rejected ? `The first ${job.errors.length} rejected rows` : 'Rejected rows'),
            h('thead', {}, h('tr', {}, h('th', { scope: 'col', className: 'number' }, 'Line'), ...['Field', 'Why'].map((name) => h('th', { scope: 'col' }, name)))),
            h('tbody', {}, job.errors.map((error) => h('tr', {}, h('td', { className: 'number' }, String(error.row)), h('td', {}, error.field), h('td', {}, error.reason))))))
        : null,
      done && job.rejected
        ? h('button', { type: 'button', className: 'link', id: 'data-import-error-report', onClick: () => downloadCsv(`${INGESTION}${job.errorsUrl}`, {}, 'data-import-errors.csv') }, 'Download every rejected row (CSV)')
        : null);
    if (done) return;
    await sleep(500);
  }
}

/** Data points from a CSV file: metrics-ingestion runs it as a job, the page follows its progress. */
function dataImportSection() {
  const result = h('div', { id: 'data-import-result', 'aria-live': 'polite' });
  const file = h('input', { type: 'file', id: 'data-import-file', accept: '.csv,text/csv', 'aria-describedby': 'data-import-help' });
  const button = h('button', { type: 'submit', id: 'data-import-submit' }, 'Import data points');
  const form = h('form', { className: 'card', 'aria-labelledby': 'data-import-title' },
    h('h3', { id: 'data-import-title' }, 'Import data points (CSV)'),
    h('p', { className: 'hint', id: 'data-import-help' }, 'Columns metric,subject_type,subject_id,value,occurred_at,record_id[,operation,source_version,source_modified_at]. Committed every 1,000 rows; the same file again changes nothing.'),
    h('label', { for: 'data-import-file' }, 'File'), file,
    h('div', { className: 'form-buttons' }, button),
    result);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!file.files[0]) {
      result.replaceChildren(h('p', { className: 'error', role: 'alert' }, 'Choose a file first.'));
      return;
    }
    button.disabled = true;
    result.replaceChildren(h('p', { className: 'status', role: 'status' }, 'Uploading…'), h('progress', { 'aria-label': 'Uploading' }));
    try {
      const started = await send('POST', `${INGESTION}/imports?fileName=${encodeURIComponent(file.files[0].name)}`, await file.files[0].text(), 'text/csv');
      await followImport(started.url, result);
    } catch (failure) {
      result.replaceChildren(h('p', { className: 'error', role: 'alert' }, `Import refused: ${failure.message}`));
    } finally {
      button.disabled = false;
    }
  });
  return form;
}

function salesforceSection(ctx) {
  const section = h('section', { className: 'card', 'aria-labelledby': 'salesforce-title' }, h('h3', { id: 'salesforce-title' }, 'Salesforce owners'));
  const body = h('div', { id: 'salesforce-body' }, h('p', { className: 'status' }, 'Loading what waits for reconciliation…'));
  const message = h('p', { id: 'mapping-result', role: 'status' });
  section.append(h('p', { className: 'hint' }, 'Closed-won deals count for a person once their Salesforce user is mapped to them; deals of unmapped users wait here.'), message, body, mappingForm(ctx, message, () => refresh()));
  const refresh = async () => {
    try {
      body.replaceChildren(reconciliationView(await getJson(`${INGESTION}/salesforce/reconciliation`), ctx, message, refresh));
    } catch (failure) {
      body.replaceChildren(h('p', { className: 'error' }, failure instanceof ApiError && failure.status === 404 ? 'Metrics-ingestion is not reachable from this page.' : failure.message));
    }
  };
  refresh();
  return section;
}

const personSelect = (ctx, id) => h('select', { id, name: 'personId' }, ctx.org.people().map((person) => h('option', { value: person.id }, person.name)));

async function mapOwner(ownerId, personId, ctx, message, refresh) {
  try {
    const answer = await send('PUT', `${INGESTION}/salesforce/owners/${encodeURIComponent(ownerId)}`, { personId });
    const applied = answer.opportunities.filter((opportunity) => opportunity.outcome === 'accepted').length;
    message.className = 'ok';
    message.textContent = `${ownerId} is now ${ctx.org.personName(personId)}: ${applied ? `${applied} waiting deal${applied === 1 ? '' : 's'} applied` : 'no deal was waiting'}.`;
    await refresh();
  } catch (failure) {
    message.className = 'error';
    message.textContent = `Mapping refused: ${failure.message}`;
  }
}

function reconciliationView({ changes, heldDeals }, ctx, message, refresh) {
  const held = heldDeals.length
    ? h('div', { className: 'table-scroll' }, h('table', { id: 'held-deals' },
        h('caption', {}, `Deals waiting for an owner mapping (${heldDeals.length})`),
        h('thead', {}, h('tr', {}, ...['Opportunity', 'Salesforce user', 'Map to'].map((name) => h('th', { scope: 'col' }, name)))),
        h('tbody', {}, heldDeals.map((deal) => {
          const select = personSelect(ctx, `map-${deal.opportunityId}`);
          return h('tr', { 'data-owner': deal.ownerId },
            h('td', {}, deal.opportunityId),
            h('td', {}, deal.ownerId),
            h('td', {}, h('label', { for: select.id, className: 'visually-hidden' }, `Person for ${deal.ownerId}`), select, ' ',
              h('button', { type: 'button', onClick: () => mapOwner(deal.ownerId, select.value, ctx, message, refresh), 'aria-label': `Map ${deal.ownerId}` }, 'Map')));
        }))))
    : h('p', { className: 'empty', id: 'no-held-deals' }, 'No deal waits for an owner.');
  const gaps = changes.length
    ? h('ul', { id: 'reconciliation-changes' }, changes.map((item) => h('li', {},
        `A ${item.kind === 'gap' ? 'gap' : 'overflow'} event (${item.changeType.toLowerCase()} of ${item.recordIds.length} ${item.entity} record${item.recordIds.length === 1 ? '' : 's'}, committed ${formatInstant(item.commitTimestamp)}): ${item.repair}`)))
    : h('p', { className: 'empty' }, 'No gap or overflow event to repair.');
  return h('div', {}, held, gaps);
}

function mappingForm(ctx, message, refresh) {
  const owner = h('input', { id: 'owner-id', name: 'ownerId', required: true, placeholder: '005Dn000001AbCdIAK', autocomplete: 'off' });
  const person = personSelect(ctx, 'owner-person');
  const form = h('form', { className: 'inline-form', 'aria-label': 'Map a Salesforce user' },
    h('div', {}, h('label', { for: 'owner-id' }, 'Salesforce user id'), owner),
    h('div', {}, h('label', { for: 'owner-person' }, 'Person'), person),
    h('button', { type: 'submit', id: 'owner-submit' }, 'Map user'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    mapOwner(owner.value.trim(), person.value, ctx, message, refresh);
  });
  return form;
}
