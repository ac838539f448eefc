/** The bearer token of this browser tab: kept in session storage, so it goes when the tab does. */
const TOKEN_KEY = 'okr-dashboard.token';

export const currentToken = () => sessionStorage.getItem(TOKEN_KEY);

export const keepToken = (token) => sessionStorage.setItem(TOKEN_KEY, token.trim().replace(/^Bearer\s+/i, ''));

export const forgetToken = () => sessionStorage.removeItem(TOKEN_KEY);

/**
 * Who the token says it is, for display only (the service verifies every request): its subject,
 * role and expiry, or null when it is not a readable JWT.
 */
export function claimsOf(token) {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const claims = JSON.parse(atob(payload.padEnd(Math.ceil(payload.length / 4) * 4, '=')));
    return { subject: String(claims.sub ?? ''), role: String(claims.role ?? 'member'), expiresAt: typeof claims.exp === 'number' ? new Date(claims.exp * 1000) : null };
  } catch {
    return null;
  }
}
