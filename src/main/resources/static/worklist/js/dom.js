// Small DOM helpers: elements are built, never parsed from strings, so nothing a record says becomes markup.

export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.substring(2), value);
    } else if (name === 'dataset') {
      Object.assign(element.dataset, value);
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(element, child);
    else element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

const SVG = 'http://www.w3.org/2000/svg';

export function svg(tag, attributes = {}, ...children) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  for (const child of children) if (child) element.append(child);
  return element;
}

export function announce(text) {
  const announcer = document.getElementById('announcer');
  announcer.textContent = '';
  setTimeout(() => { announcer.textContent = text; }, 50);
}

let dialogs = 0;

/**
 * A modal form: fields are [{name, label, type, required, value, options}]; resolves with the values, or null when
 * cancelled. Focus goes to the first field and back to the opener afterwards.
 */
export function ask(title, fields, submitLabel) {
  return new Promise(resolve => {
    const opener = document.activeElement;
    const id = `dialog-${++dialogs}`;
    const inputs = fields.map((field, i) => {
      const inputId = `${id}-f${i}`;
      let input;
      if (field.type === 'textarea') {
        input = h('textarea', { id: inputId, name: field.name, required: field.required });
        input.value = field.value || '';
      } else if (field.type === 'select') {
        input = h('select', { id: inputId, name: field.name, required: field.required },
          field.options.map(o => h('option', { value: o.value }, o.label)));
      } else {
        input = h('input', { id: inputId, name: field.name, type: field.type || 'text', required: field.required,
          step: field.step, min: field.min, max: field.max, list: field.list });
        input.value = field.value || '';
      }
      return [h('label', { for: inputId }, field.label), input];
    });
    const form = h('form', { method: 'dialog' },
      h('h2', { id: `${id}-title` }, title),
      inputs,
      h('div', { class: 'actions' },
        h('button', { type: 'submit', value: 'ok' }, submitLabel),
        h('button', { type: 'button', class: 'secondary', onclick: () => close(null) }, 'Cancel')));
    const dialog = h('dialog', { 'aria-labelledby': `${id}-title` }, form);
    function close(result) {
      dialog.close();
      dialog.remove();
      if (opener && opener.isConnected) opener.focus();
      resolve(result);
    }
    form.addEventListener('submit', event => {
      event.preventDefault();
      const values = {};
      for (const field of fields) values[field.name] = form.elements[field.name].value.trim();
      close(values);
    });
    dialog.addEventListener('cancel', event => { event.preventDefault(); close(null); });
    document.body.append(dialog);
    dialog.showModal();
    const first = dialog.querySelector('input, textarea, select');
    if (first) first.focus();
  });
}

export function errorBox(error) {
  return h('div', { class: 'error-box', role: 'alert' }, error && error.message ? error.message : String(error));
}
