import { z } from 'zod';
import { FieldError } from '../problems/problem-details';

/**
 * What any value in any request may hold, whatever its schema says (docs/request-limits.md).
 * Fields have tighter limits of their own (ids 128 characters, names 200...); these bound the rest,
 * so that nothing a client sends can reach the storage it would break or the stack it would overflow.
 */
export const REQUEST_LIMITS = {
  /** Objects and arrays nested deeper than this are refused (a walk of them would overflow a stack). */
  maxDepth: 32,
  /** Characters of any string, free text included. */
  maxStringLength: 10_000,
  /** Characters of an object's key. */
  maxKeyLength: 256,
  /**
   * Magnitude of any number: every value, target and aggregate input. Sums of up to 10^290 such
   * values stay finite, so an aggregate can never overflow into Infinity (JSON null) downstream.
   */
  maxNumberMagnitude: 1e15,
  /**
   * Magnitude of any number but 0: with it, a ratio of two inputs (attainment against a target,
   * progress over a span) is at most about 1e40, so no quotient overflows either.
   */
  minNumberMagnitude: 1e-9,
  /** Reported violations per request: enough to fix a body, bounded so the answer stays small. */
  maxReported: 20,
} as const;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Why a text cannot be stored, or undefined: PostgreSQL's text and jsonb refuse the NUL
 * character, and a lone surrogate is no character at all (it cannot be encoded as UTF-8).
 */
export function textViolation(text: string): string | undefined {
  if (text.includes('\u0000')) return 'must not contain the NUL character (\\u0000)';
  if (LONE_SURROGATE.test(text)) return 'must not contain a lone surrogate (text that is not valid Unicode)';
  return undefined;
}

/**
 * The text with what storage refuses (NUL, lone surrogates) replaced by U+FFFD: for messages that
 * quote a client's input back (a row's error), which must be storable whatever the input was.
 */
export function storableText(text: string): string {
  return text.replace(/\u0000/g, '\uFFFD').replace(new RegExp(LONE_SURROGATE.source, 'g'), '\uFFFD');
}

/** Why a number cannot be taken, or undefined. JSON's 1e309 parses as Infinity. */
export function numberViolation(value: number): string | undefined {
  if (!Number.isFinite(value)) return 'must be a finite number';
  if (Math.abs(value) > REQUEST_LIMITS.maxNumberMagnitude) return `must be between -1e15 and 1e15`;
  if (value !== 0 && Math.abs(value) < REQUEST_LIMITS.minNumberMagnitude) return 'must be 0 or at least 1e-9 in magnitude';
  return undefined;
}

/**
 * Every place in a value that breaks the limits above, each named as `prefix.path.to.field`.
 * Walks with its own stack, never recursion: a body nested 100,000 deep is refused, not a crash.
 */
export function requestValueViolations(value: unknown, prefix: string): FieldError[] {
  const violations: FieldError[] = [];
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: prefix, depth: 0 }];
  const report = (field: string, reason: string) => violations.push({ field: field || '(value)', reason });
  while (stack.length && violations.length < REQUEST_LIMITS.maxReported) {
    const { value: current, path, depth } = stack.pop()!;
    if (typeof current === 'string') {
      if (current.length > REQUEST_LIMITS.maxStringLength) report(path, `must be at most ${REQUEST_LIMITS.maxStringLength} characters`);
      else {
        const reason = textViolation(current);
        if (reason) report(path, reason);
      }
    } else if (typeof current === 'number') {
      const reason = numberViolation(current);
      if (reason) report(path, reason);
    } else if (current !== null && typeof current === 'object') {
      if (depth >= REQUEST_LIMITS.maxDepth) {
        report(path, `is nested deeper than ${REQUEST_LIMITS.maxDepth} levels`);
        continue;
      }
      const entries = Array.isArray(current) ? current.map((item, index) => [String(index), item] as const) : Object.entries(current);
      // Reversed, so violations come out in the order of the body.
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, item] = entries[i];
        const keyReason = key.length > REQUEST_LIMITS.maxKeyLength ? `a key must be at most ${REQUEST_LIMITS.maxKeyLength} characters` : textViolation(key);
        const field = joinPath(path, keyReason ? printable(key) : key);
        if (keyReason) report(field, keyReason);
        else stack.push({ value: item, path: field, depth: depth + 1 });
      }
    }
  }
  return violations;
}

const rowByRowSchemas = new WeakSet<z.ZodType>();

/**
 * Marks a batch schema whose rows are checked one by one by its handler (requestValueViolations on
 * each row), so that one bad row is that row's error and the good rows are still recorded.
 */
export function checkedRowByRow<S extends z.ZodType>(schema: S): S {
  rowByRowSchemas.add(schema);
  return schema;
}

export function isCheckedRowByRow(schema: z.ZodType): boolean {
  return rowByRowSchemas.has(schema);
}

function joinPath(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** A key named in an error is itself shown safely: its bad characters escaped, its length cut. */
function printable(key: string): string {
  const shown = key.slice(0, 64).replace(/[\u0000-\u001f\uD800-\uDFFF]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return key.length > 64 ? `${shown}...` : shown;
}
