import { checkWebhookSignature, signWebhookBody } from './webhook-signature';

const SECRET = 'billing-secret-0123456789';
const body = Buffer.from('[{"metric":"billing.mrr","value":10}]');
const now = new Date('2027-04-01T08:00:00Z');
const at = now.getTime() / 1000;
const check = (bytes: Buffer, signature: string | undefined, timestamp: string | undefined, when = now) => checkWebhookSignature(bytes, { signature, timestamp }, SECRET, when);

describe('webhook signatures', () => {
  it('accepts the HMAC-SHA256 of the timestamp and the exact bytes with the source secret', () => {
    expect(signWebhookBody(body, SECRET, at)).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(check(body, signWebhookBody(body, SECRET, at), String(at))).toBe('valid');
  });

  it('refuses a signature made with another secret, over other bytes (even the same JSON spaced differently), or at another timestamp', () => {
    expect(check(body, signWebhookBody(body, 'another-secret-0123456789', at), String(at))).toBe('mismatch');
    expect(check(Buffer.from('[{"metric": "billing.mrr", "value": 10}]'), signWebhookBody(body, SECRET, at), String(at))).toBe('mismatch');
    expect(check(body, signWebhookBody(body, SECRET, at), String(at + 1))).toBe('mismatch');
  });

  it('refuses a genuine delivery signed longer ago, or further ahead, than the tolerance', () => {
    expect(check(body, signWebhookBody(body, SECRET, at - 300), String(at - 300))).toBe('valid');
    expect(check(body, signWebhookBody(body, SECRET, at - 301), String(at - 301))).toBe('outside-tolerance');
    expect(check(body, signWebhookBody(body, SECRET, at + 301), String(at + 301))).toBe('outside-tolerance');
  });

  it('tells a missing signature or timestamp from a malformed one', () => {
    expect(check(body, undefined, String(at))).toBe('missing');
    expect(check(body, signWebhookBody(body, SECRET, at), undefined)).toBe('missing');
    expect(check(body, 'md5=abc', String(at))).toBe('malformed');
    expect(check(body, 'sha256=abc', String(at))).toBe('malformed');
    expect(check(body, signWebhookBody(body, SECRET, at), '2027-04-01')).toBe('malformed');
    expect(check(body, signWebhookBody(body, SECRET, at).toUpperCase().replace('SHA256=', 'sha256='), String(at))).toBe('valid');
  });
});
