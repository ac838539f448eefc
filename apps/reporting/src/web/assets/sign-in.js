import { ApiError, getJson, postJson } from './api.js';
import { h } from './element.js';
import { keepToken } from './session.js';

/**
 * The sign-in forms: a pasted bearer token (from the organisation's identity provider), and, only
 * when the service runs on its development secret, a development sign-in as any person.
 */
export async function showSignIn(onSignedIn) {
  document.getElementById('workspace').hidden = true;
  document.getElementById('sign-in').hidden = false;
  const error = document.getElementById('sign-in-error');
  const tokenForm = document.getElementById('token-form');
  tokenForm.onsubmit = (event) => {
    event.preventDefault();
    const token = new FormData(tokenForm).get('token');
    if (!String(token).trim()) return;
    keepToken(String(token));
    onSignedIn();
  };
  const devForm = document.getElementById('dev-sign-in-form');
  try {
    const { people } = await getJson('/dev-sign-in');
    const select = document.getElementById('dev-person');
    select.replaceChildren(...people.map((person) =>
      h('option', { value: person.id }, `${person.name} (${person.units.map((unit) => `${unit.lead ? 'lead of ' : ''}${unit.name}`).join(', ') || 'no unit'})`)));
    devForm.hidden = false;
    devForm.onsubmit = async (event) => {
      event.preventDefault();
      const fields = new FormData(devForm);
      try {
        const { token } = await postJson('/dev-sign-in', { personId: fields.get('personId'), role: fields.get('role') });
        keepToken(token);
        onSignedIn();
      } catch (failure) {
        error.textContent = `Sign-in failed: ${failure.message}`;
      }
    };
  } catch (failure) {
    // 404: tokens come from the identity provider only.
    if (!(failure instanceof ApiError && failure.status === 404)) error.textContent = `Development sign-in unavailable: ${failure.message}`;
    devForm.hidden = true;
  }
}
