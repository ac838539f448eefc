import { problemType } from '@okr/service-kit';
import { Request, Response } from 'express';

/** Where the page's writes go: the services that own them, which judge every request themselves. */
export interface WebUpstreams {
  goals?: string;
  ingestion?: string;
}

/** The request headers a service needs to judge a request; cookies and the rest never leave. */
const REQUEST_HEADERS = ['authorization', 'content-type', 'accept', 'if-match', 'x-correlation-id'];
/** The answer's headers the page reads. */
const RESPONSE_HEADERS = ['content-type', 'etag', 'location', 'content-disposition', 'x-correlation-id'];

const UPSTREAM_TIMEOUT_MS = 60_000;

/**
 * Passes one request of the page on to the service that owns it and its answer back, unchanged:
 * the page stays on one origin under its content security policy (no cross-origin calls, no CORS
 * on the services), and no rule is decided here. `rest` is the path and query after the prefix.
 */
export async function forwardRequest(request: Request, response: Response, base: string, rest: string): Promise<void> {
  const url = new URL(base);
  const queryAt = rest.indexOf('?');
  // Assigned as a path, never parsed as an address: `//elsewhere` stays a path on this upstream.
  url.pathname = `${url.pathname.replace(/\/$/, '')}${queryAt < 0 ? rest : rest.slice(0, queryAt)}`;
  url.search = queryAt < 0 ? '' : rest.slice(queryAt);
  const headers = new Headers();
  for (const name of REQUEST_HEADERS) {
    const value = request.headers[name];
    if (typeof value === 'string') headers.set(name, value);
  }
  let answer: globalThis.Response;
  try {
    answer = await fetch(url, { method: request.method, headers, body: bodyOf(request), redirect: 'manual', signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS) });
  } catch (error) {
    response
      .status(502)
      .type('application/problem+json')
      .json({ type: problemType('bad-gateway'), title: 'Bad gateway', status: 502, detail: `the service behind ${url.origin} did not answer: ${(error as Error).message}` });
    return;
  }
  response.status(answer.status).setHeader('X-Content-Type-Options', 'nosniff');
  for (const name of RESPONSE_HEADERS) {
    const value = answer.headers.get(name);
    if (value) response.setHeader(name, value);
  }
  response.end(Buffer.from(await answer.arrayBuffer()));
}

/** The body as this service's parsers read it: JSON re-encoded, text (CSV) as it came. */
function bodyOf(request: Request): string | undefined {
  if (request.method === 'GET' || request.method === 'HEAD' || request.body === undefined) return undefined;
  if (typeof request.body === 'string') return request.body;
  // Express leaves an empty object when no parser read the body.
  if (!request.is('application/json') && !request.is('application/*+json')) return undefined;
  return JSON.stringify(request.body);
}
