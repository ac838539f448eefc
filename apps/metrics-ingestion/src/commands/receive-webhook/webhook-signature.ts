import { createHmac, timingSafeEqual } from 'node:crypto';

/** `X-Signature-256: sha256=<hex HMAC-SHA256 of the raw body with the source's secret>`. */
export const WEBHOOK_SIGNATURE_HEADER = 'x-signature-256';
const PREFIX = 'sha256=';

export type SignatureCheck = 'valid' | 'missing' | 'malformed' | 'mismatch';

/** The signature of these exact bytes, as a sender computes it. */
export function signWebhookBody(body: Buffer | string, secret: string): string {
  return PREFIX + createHmac('sha256', secret).update(body).digest('hex');
}

/** Checks a webhook's signature over its raw bytes, comparing in constant time. */
export function checkWebhookSignature(body: Buffer, header: string | undefined, secret: string): SignatureCheck {
  if (!header) return 'missing';
  if (!header.startsWith(PREFIX) || !/^[0-9a-f]{64}$/i.test(header.slice(PREFIX.length))) return 'malformed';
  const given = Buffer.from(header.slice(PREFIX.length), 'hex');
  const expected = createHmac('sha256', secret).update(body).digest();
  return timingSafeEqual(given, expected) ? 'valid' : 'mismatch';
}
