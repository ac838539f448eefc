export const WEBHOOK_SECRETS = Symbol('WEBHOOK_SECRETS');

/** HMAC secret per webhook source, from WEBHOOK_SECRETS. */
export type WebhookSecrets = Record<string, string>;
