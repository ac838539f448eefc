import fc from 'fast-check';

/**
 * Values no request may hold (docs/request-limits.md), as raw JSON text: 1e309 and a body nested
 * 10,000 deep cannot be written as JavaScript values and serialised, so each is the text sent.
 */
const anywhere: fc.Arbitrary<{ kind: string; json: string }>[] = [
  fc.string({ maxLength: 8 }).map((s) => ({ kind: 'NUL', json: JSON.stringify(`${s}\u0000${s}`) })),
  fc.constantFrom('\\ud800', '\\udfff', 'a\\udbffb', '\\ude00x').map((escaped) => ({ kind: 'lone surrogate', json: `"${escaped}"` })),
  fc.constantFrom(10_001, 100_000).map((length) => ({ kind: 'endless string', json: JSON.stringify('x'.repeat(length)) })),
  fc.constantFrom('1e309', '-1e309', '1e16', '-8640000000000001', '1e308', '5e-324', '-1e-10').map((number) => ({ kind: 'number out of range', json: number })),
  fc.constantFrom(100, 10_000).map((depth) => ({ kind: `nested ${depth} deep`, json: `${'['.repeat(depth)}${']'.repeat(depth)}` })),
];
/** An instant or date out of range is hostile only where an instant or date is expected: elsewhere it is just text. */
const outOfRangeInstants = fc
  .constantFrom('0000-01-01T00:00:00Z', '0000-12-31T23:59:59.999Z', '0001-01-01T00:30:00+01:00', '9999-12-31T23:30:00-01:00')
  .map((instant) => ({ kind: 'instant out of range', json: JSON.stringify(instant) }));
const outOfRangeDates = fc.constant({ kind: 'date out of range', json: '"0000-01-01"' });

/** Hostile values to put in place of `current`: every class, and out-of-range instants or dates where one stands. */
export function hostileJsonValuesFor(current: unknown): fc.Arbitrary<{ kind: string; json: string }> {
  if (typeof current === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(current)) return fc.oneof(...anywhere, outOfRangeInstants, outOfRangeInstants);
  if (typeof current === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(current)) return fc.oneof(...anywhere, outOfRangeDates, outOfRangeDates);
  return fc.oneof(...anywhere);
}

/** The same classes as CSV cells (a CSV body is UTF-8, so no lone surrogate reaches a row). */
export const hostileCsvCells: fc.Arbitrary<{ kind: string; cell: string }> = fc.oneof(
  fc.string({ maxLength: 8 }).map((s) => ({ kind: 'NUL', cell: `${s.replace(/[",\r\n]/g, '')}\u0000` })),
  fc.constant({ kind: 'endless string', cell: 'x'.repeat(10_001) }),
  fc.constantFrom('0000-01-01T00:00:00Z', '9999-12-31T23:30:00-01:00').map((cell) => ({ kind: 'instant out of range', cell })),
  fc.constantFrom('1e309', '1e16', '-1e16').map((cell) => ({ kind: 'number out of range', cell })),
);

/** Hostile path segments: a NUL, an id of 10,001 characters, a lone surrogate's UTF-8 bytes (not decodable). */
export const hostilePathSegments = fc.constantFrom('a%00b', 'x'.repeat(10_001), '%ED%A0%80', 'ok%00');

/** The value at `path` in `body`. */
export function valueAt(body: unknown, path: (string | number)[]): unknown {
  return path.reduce<unknown>((value, key) => (value as Record<string | number, unknown>)?.[key], body);
}

/** Where in a body a value can be replaced: the path of every string and number, containers included once each. */
export function leafPaths(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.flatMap((item, index) => leafPaths(item, [...path, index]));
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    return entries.length ? entries.flatMap(([key, item]) => leafPaths(item, [...path, key])) : [path];
  }
  return [path];
}

const MARKER = '\u0001hostile\u0001';

/** The body as JSON text with the value at `path` replaced by `json` (raw JSON text). */
export function jsonWith(body: unknown, path: (string | number)[], json: string): string {
  const copy = structuredClone(body) as Record<string | number, unknown>;
  if (path.length === 0) return json;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  parent[path[path.length - 1]] = MARKER;
  return JSON.stringify(copy).replace(JSON.stringify(MARKER), () => json);
}

/** A supertest answer is a problem document with a 4xx status; its context says which request failed. */
export function expectClientProblem(response: { status: number; headers: Record<string, string>; body: { status?: number; title?: unknown } }, what: string): void {
  const context = `${what} answered ${response.status}: ${JSON.stringify(response.body).slice(0, 300)}`;
  expect({ context, clientError: response.status >= 400 && response.status < 500 }).toEqual({ context, clientError: true });
  expect({ context, type: response.headers['content-type'] }).toEqual({ context, type: expect.stringMatching(/^application\/problem\+json/) });
  expect(response.body.status).toBe(response.status);
  expect(typeof response.body.title).toBe('string');
}

export interface WriteRoute {
  method: string;
  path: string;
  /** The media types its body may have; none when it reads no body. */
  consumes: string[];
}

/** Every POST, PUT and PATCH route of a service's OpenAPI document. */
export function writeRoutesOf(document: { paths: Record<string, Record<string, { requestBody?: { content: Record<string, unknown> } }>> }): WriteRoute[] {
  return Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.entries(operations)
      .filter(([method]) => ['post', 'put', 'patch'].includes(method))
      .map(([method, operation]) => ({ method, path, consumes: Object.keys(operation.requestBody?.content ?? {}) })),
  );
}
