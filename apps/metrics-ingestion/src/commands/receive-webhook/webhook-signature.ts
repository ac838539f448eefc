import { createHmac, timingSafeEqual } from 'node:crypto';

/** `X-Signature-256: sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>" with the source's secret>`. */
export const WEBHOOK_SIGNATURE_HEADER = 'x-signature-256';
/** `X-Signature-Timestamp: <Unix seconds when the sender signed>`: signed too, so a captured delivery cannot be replayed later. */
export const WEBHOOK_TIMESTAMP_HEADER = 'x-signature-timestamp';
/** How far a delivery's timestamp may lie from the receiver's clock, either way, by default. */
export const DEFAULT_WEBHOOK_TOLERANCE_SECONDS = 300;
const PREFIX = 'sha256=';

export type SignatureCheck = 'valid' | 'missing' | 'malformed' | 'mismatch' | 'outside-tolerance';

/** The signature of these exact bytes at `timestamp` (Unix seconds), as a sender computes it. */
export function signWebhookBody(body: Buffer | string, secret: string, timestamp: number): string {
  return PREFIX + signedContent(body, String(timestamp), secret).toString('hex');
}

/** Both headers a sender sets, signed at `timestamp` (Unix seconds). */
export function webhookSignatureHeaders(body: Buffer | string, secret: string, timestamp: number): Record<string, string> {
  return { [WEBHOOK_SIGNATURE_HEADER]: signWebhookBody(body, secret, timestamp), [WEBHOOK_TIMESTAMP_HEADER]: String(timestamp) };
}

/**
 * Checks a webhook's signature over its timestamp and raw bytes, comparing in constant time, and
 * that the timestamp lies within `toleranceSeconds` of `now`: an old delivery replayed is refused.
 */
export function checkWebhookSignature(
  body: Buffer,
  headers: { signature: string | undefined; timestamp: string | undefined },
  secret: string,
  now: Date,
  toleranceSeconds = DEFAULT_WEBHOOK_TOLERANCE_SECONDS,
): SignatureCheck {
  const { signature, timestamp } = headers;
  if (!signature || !timestamp) return 'missing';
  if (!signature.startsWith(PREFIX) || !/^[0-9a-f]{64}$/i.test(signature.slice(PREFIX.length)) || !/^\d{1,12}$/.test(timestamp)) return 'malformed';
  const given = Buffer.from(signature.slice(PREFIX.length), 'hex');
  if (!timingSafeEqual(given, signedContent(body, timestamp, secret))) return 'mismatch';
  return Math.abs(now.getTime() / 1000 - Number(timestamp)) <= toleranceSeconds ? 'valid' : 'outside-tolerance';
}

function signedContent(body: Buffer | string, timestamp: string, secret: string): Buffer {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest();
}
