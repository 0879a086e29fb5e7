// How the page writes names, dates and references.

export function humanName(resource) {
  if (!resource) return '';
  const name = (resource.name || [])[0];
  if (!name) return resource.resourceType ? `${resource.resourceType}/${resource.id}` : '';
  if (name.text) return name.text;
  return [...(name.prefix || []), ...(name.given || []), name.family].filter(Boolean).join(' ');
}

/** A display for a reference: the referenced resource's name when it is known, else its display or reference. */
export function refName(reference, known) {
  if (!reference) return '—';
  const key = reference.reference;
  if (key && known && known.has(key)) {
    const resource = known.get(key);
    return humanName(resource) || resource.name || key;
  }
  return reference.display || key || '—';
}

export function day(value) {
  if (!value) return '—';
  return String(value).substring(0, 10);
}

export function dueDate(task) {
  return task.restriction && task.restriction.period && task.restriction.period.end;
}

/** Whether a due date has passed: a date-only due date is due until that day ends. */
export function isPast(due, now = new Date()) {
  if (!due) return false;
  if (/^\d{4}-\d{2}-\d{2}$/.test(due)) return due < isoDay(now);
  return new Date(due) < now;
}

export function isoDay(date) {
  const pad = n => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export function codeText(concept) {
  if (!concept) return '';
  if (concept.text) return concept.text;
  const coding = (concept.coding || [])[0];
  return coding ? coding.display || coding.code : '';
}

export function codeOf(concept, system) {
  const coding = ((concept && concept.coding) || []).find(c => !system || c.system === system);
  return coding ? coding.code : undefined;
}
