import { ApiError } from './api.js';
import { h } from './element.js';

/**
 * A command's form in a modal dialog. Each field is labelled and has its own error line; a refusal
 * of the service puts each reason it gives next to the field it names, and anything it does not
 * tie to a field (403, 404, 409) at the top of the form. Nothing is judged here: the service does.
 *
 * fields: { name, label, type: 'number' | 'text' | 'textarea' | 'select' | 'date', value, options: [[value, label]], hint, required, step, min }
 * onSubmit(values) records the change; onInput(values, slot) may show a preview in `slot` as the fields change.
 */
export function openFormDialog({ title, intro, fields, submitLabel, onSubmit, onInput }) {
  const dialog = document.getElementById('form-dialog');
  rememberOpener(document.activeElement);
  document.getElementById('form-title').textContent = title;
  const formError = h('p', { className: 'error', role: 'alert', id: 'form-error' });
  const preview = h('div', { id: 'form-preview', 'aria-live': 'polite' });
  const controls = new Map();
  const errors = new Map();
  const rows = fields.map((field) => {
    const id = `field-${field.name}`;
    const error = h('p', { className: 'field-error', id: `${id}-error` });
    const hint = field.hint ? h('p', { className: 'hint', id: `${id}-hint` }, field.hint) : null;
    const described = [hint ? `${id}-hint` : null, `${id}-error`].filter(Boolean).join(' ');
    const common = { id, name: field.name, required: field.required, 'aria-describedby': described };
    let control;
    if (field.type === 'select') control = h('select', common, field.options.map(([value, label]) => h('option', { value, selected: String(value) === String(field.value ?? '') }, label)));
    else if (field.type === 'textarea') control = h('textarea', { ...common, rows: 3, className: 'prose' }, field.value ?? '');
    else control = h('input', { ...common, type: field.type ?? 'text', value: field.value ?? '', step: field.type === 'number' ? field.step ?? 'any' : undefined, min: field.min, inputmode: field.type === 'number' ? 'decimal' : undefined });
    controls.set(field.name, control);
    errors.set(field.name, error);
    return h('div', { className: 'form-row' }, h('label', { for: id }, field.label), control, hint, error);
  });
  const submit = h('button', { type: 'submit', id: 'form-submit' }, submitLabel);
  const form = h('form', { id: 'command-form', noValidate: true }, intro ? h('p', { className: 'hint' }, intro) : null, formError, ...rows, preview,
    h('div', { className: 'form-buttons' }, submit, h('button', { type: 'button', className: 'secondary', onClick: () => dialog.close() }, 'Cancel')));

  const values = () => Object.fromEntries([...controls].map(([name, control]) => [name, control.value]));
  const clearErrors = () => {
    formError.textContent = '';
    for (const [name, error] of errors) {
      error.textContent = '';
      controls.get(name).removeAttribute('aria-invalid');
    }
  };
  if (onInput) {
    let pending = null;
    const refresh = () => {
      clearTimeout(pending);
      pending = setTimeout(() => onInput(values(), preview), 250);
    };
    form.addEventListener('input', refresh);
    form.addEventListener('change', refresh);
    onInput(values(), preview);
  }
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors();
    submit.disabled = true;
    try {
      await onSubmit(values());
      dialog.close();
    } catch (failure) {
      showRefusal(failure, { controls, errors, formError });
    } finally {
      submit.disabled = false;
    }
  });
  document.getElementById('form-body').replaceChildren(form);
  if (!dialog.open) dialog.showModal();
  controls.values().next().value?.focus();
  return { form, preview };
}

/**
 * The button that opened the last form, as a selector: the dashboard is drawn anew after a change,
 * so a keyboard user is brought back to the same button on the new page, not to its top.
 */
let openerSelector = null;
function rememberOpener(element) {
  const label = element?.getAttribute?.('aria-label');
  openerSelector = element?.id ? `#${CSS.escape(element.id)}` : label ? `[aria-label="${CSS.escape(label)}"]` : null;
}
export const lastFormOpener = () => (openerSelector ? document.querySelector(openerSelector) : null);

function showRefusal(failure, { controls, errors, formError }) {
  const unplaced = [];
  for (const { field, reason, path } of failure instanceof ApiError ? failure.fieldErrors : []) {
    const error = errors.get(field);
    if (!error) {
      unplaced.push(`${path}: ${reason}`);
      continue;
    }
    error.textContent = reason;
    controls.get(field).setAttribute('aria-invalid', 'true');
  }
  const named = failure instanceof ApiError && failure.fieldErrors.length > 0;
  if (!named) formError.textContent = refusalOf(failure);
  else formError.textContent = unplaced.length ? `The service refused this: ${unplaced.join('; ')}` : 'The service refused this: see the fields marked below.';
  const firstInvalid = [...controls.values()].find((control) => control.getAttribute('aria-invalid') === 'true');
  (firstInvalid ?? formError).focus?.();
}

const refusalOf = (failure) => {
  if (!(failure instanceof ApiError)) return failure.message;
  if (failure.status === 403) return `Not yours to change: ${failure.message}`;
  if (failure.status === 404) return `Not found (or not one you may see): ${failure.message}`;
  return failure.message;
};

export function wireFormDialog() {
  const dialog = document.getElementById('form-dialog');
  document.getElementById('form-close').addEventListener('click', () => dialog.close());
}

/** A number field's value, or undefined when left empty (the service then names what is missing). */
export const numberOf = (text) => (String(text).trim() === '' ? undefined : Number(text));

/**
 * A picked day as the instant the change was true: noon of that day where the viewer is. Empty,
 * or the service's today (`today`, YYYY-MM-DD) or later: left out, so the service records now.
 */
export const effectiveAtOf = (day, today) => (!day || day >= today ? undefined : new Date(`${day}T12:00:00`).toISOString());
