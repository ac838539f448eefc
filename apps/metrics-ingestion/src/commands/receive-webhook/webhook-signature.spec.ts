import { checkWebhookSignature, signWebhookBody } from './webhook-signature';

const SECRET = 'billing-secret-0123456789';
const body = Buffer.from('[{"metric":"billing.mrr","value":10}]');

describe('webhook signatures', () => {
  it('accepts the HMAC-SHA256 of the exact bytes with the source secret', () => {
    expect(signWebhookBody(body, SECRET)).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(checkWebhookSignature(body, signWebhookBody(body, SECRET), SECRET)).toBe('valid');
  });

  it('refuses a signature made with another secret, or over other bytes (even the same JSON spaced differently)', () => {
    expect(checkWebhookSignature(body, signWebhookBody(body, 'another-secret-0123456789'), SECRET)).toBe('mismatch');
    expect(checkWebhookSignature(Buffer.from('[{"metric": "billing.mrr", "value": 10}]'), signWebhookBody(body, SECRET), SECRET)).toBe('mismatch');
  });

  it('tells a missing signature from a malformed one', () => {
    expect(checkWebhookSignature(body, undefined, SECRET)).toBe('missing');
    expect(checkWebhookSignature(body, 'md5=abc', SECRET)).toBe('malformed');
    expect(checkWebhookSignature(body, 'sha256=abc', SECRET)).toBe('malformed');
    expect(checkWebhookSignature(body, signWebhookBody(body, SECRET).toUpperCase().replace('SHA256=', 'sha256='), SECRET)).toBe('valid');
  });
});
