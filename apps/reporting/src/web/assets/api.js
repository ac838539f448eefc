import { currentToken } from './session.js';

/** A refused request, with the problem details' explanation (RFC 9457) when the service gave one. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** GET a JSON resource of this service with the tab's bearer token; undefined parameters are left out. */
export async function getJson(path, parameters = {}) {
  const query = new URLSearchParams(Object.entries(parameters).filter(([, value]) => value !== undefined && value !== null && value !== ''));
  const url = query.size ? `${path}?${query}` : path;
  const token = currentToken();
  return answerOf(await fetch(url, { headers: { Accept: 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) } }));
}

/** POST JSON to a public route (the development sign-in). */
export async function postJson(path, body) {
  return answerOf(await fetch(path, { method: 'POST', headers: { Accept: 'application/json', 'Content-Type': 'application/json' }, body: JSON.stringify(body) }));
}

async function answerOf(response) {
  if (response.ok) return response.json();
  let message = `${response.status} ${response.statusText}`;
  try {
    const problem = await response.json();
    const fields = (problem.errors ?? []).map((error) => `${error.field}: ${error.reason}`).join('; ');
    message = [problem.detail ?? problem.title, fields].filter(Boolean).join(' — ') || message;
  } catch {
    // Not a problem document: the status line says enough.
  }
  throw new ApiError(response.status, message);
}
