import { currentToken } from './session.js';

/**
 * A refused request, with the problem details' explanation (RFC 9457) when the service gave one:
 * `fieldErrors` holds each field the service named (`body.value` → `value`) with its reason.
 */
export class ApiError extends Error {
  constructor(status, message, fieldErrors = []) {
    super(message);
    this.status = status;
    this.fieldErrors = fieldErrors;
  }
}

/** Where the page sends what goals and metrics-ingestion own: reporting passes it on, on this origin. */
export const GOALS = '/api/goals';
export const INGESTION = '/api/ingestion';

const authorization = () => {
  const token = currentToken();
  return token ? { Authorization: `Bearer ${token}` } : {};
};

const withQuery = (path, parameters) => {
  const query = new URLSearchParams(Object.entries(parameters).filter(([, value]) => value !== undefined && value !== null && value !== ''));
  return query.size ? `${path}?${query}` : path;
};

/** GET a JSON resource with the tab's bearer token; undefined parameters are left out. */
export async function getJson(path, parameters = {}) {
  return answerOf(await fetch(withQuery(path, parameters), { headers: { Accept: 'application/json', ...authorization() } }));
}

/**
 * Saves a CSV the service answers (same token, same privacy rules as the page) as a file: a plain
 * link cannot carry the bearer token.
 */
export async function downloadCsv(path, parameters, filename) {
  const response = await fetch(withQuery(path, parameters), { headers: { Accept: 'text/csv', ...authorization() } });
  if (!response.ok) return answerOf(response);
  const link = document.createElement('a');
  link.href = URL.createObjectURL(await response.blob());
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

/** POST JSON to a public route (the development sign-in). */
export async function postJson(path, body) {
  return answerOf(await fetch(path, { method: 'POST', headers: { Accept: 'application/json', 'Content-Type': 'application/json' }, body: JSON.stringify(body) }));
}

/** A command with the tab's bearer token: JSON, or text (a CSV file) when `contentType` says so. */
export async function send(method, path, body, contentType = 'application/json') {
  const payload = contentType === 'application/json' ? JSON.stringify(body ?? {}) : body;
  return answerOf(await fetch(path, { method, headers: { Accept: 'application/json', 'Content-Type': contentType, ...authorization() }, body: payload }));
}

/** A field as the form names it: the request part and any nesting dropped (`body.owner.id` → `owner`). */
const formFieldOf = (field) => String(field ?? '').replace(/^(body|query|params)\./, '').split(/[.[]/)[0];

async function answerOf(response) {
  if (response.ok) return response.status === 204 ? {} : response.json();
  let message = `${response.status} ${response.statusText}`;
  let fieldErrors = [];
  try {
    const problem = await response.json();
    fieldErrors = (problem.errors ?? []).map((error) => ({ field: formFieldOf(error.field), reason: error.reason, path: error.field }));
    // A validation problem's detail already lists its fields: said once, not twice.
    const fields = fieldErrors.map((error) => `${error.path}: ${error.reason}`).join('; ');
    message = problem.detail || [problem.title, fields].filter(Boolean).join(': ') || message;
  } catch {
    // Not a problem document: the status line says enough.
  }
  throw new ApiError(response.status, message, fieldErrors);
}
