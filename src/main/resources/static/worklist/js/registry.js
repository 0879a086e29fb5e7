// Registry: Patient/$depression-registry as a sortable table, with each patient's PHQ-9 scores as a trend line.

import { h, svg } from './dom.js';
import { allPages, parameters, value } from './fhir.js';
import { day, refName } from './format.js';

const COLUMNS = [
  ['patient', 'Patient'], ['status', 'Status'], ['baselinePhq9', 'Baseline PHQ-9'], ['latestPhq9', 'Latest PHQ-9'],
  ['change', 'Change'], ['weeksInCare', 'Weeks in care'], ['lastContact', 'Last contact'],
  ['nextContactDue', 'Next contact due'], ['careManager', 'Care manager'], ['trend', 'PHQ-9 trend'],
];

export async function render(main, session) {
  const mine = h('input', { type: 'checkbox', id: 'registry-mine', checked: !!session.user });
  const holder = h('div', { class: 'table-wrap' });
  main.replaceChildren(h('h2', {}, 'Depression registry'),
    h('div', { class: 'inline-form' }, h('div', {}, mine, ' ', h('label', { for: 'registry-mine', class: 'inline' },
      'Only patients of my panel'))),
    holder);
  mine.addEventListener('change', () => load());
  await load();

  async function load() {
    holder.replaceChildren(h('p', {}, 'Loading…'));
    const filter = mine.checked && session.user ? `&practitioner=${encodeURIComponent(session.user)}` : '';
    const pages = await allPages(session.fhir, `Patient/$depression-registry?_count=100${filter}`);
    const rows = pages.flatMap(page => (parameters(page).entry || []).map(entry => {
      const row = {};
      for (const part of entry.part || []) row[part.name] = value(part);
      return row;
    }));
    const refs = rows.map(r => r.patient && r.patient.reference);
    const known = await session.fhir.resolve([...refs, ...rows.map(r => r.careManager && r.careManager.reference)]);
    const scores = await phq9(session, refs.filter(Boolean));
    for (const row of rows) {
      row.name = refName(row.patient, known);
      row.manager = refName(row.careManager, known);
      row.scores = scores.get(row.patient && row.patient.reference) || [];
    }
    table(holder, rows);
  }
}

async function phq9(session, patients) {
  const byPatient = new Map();
  for (let i = 0; i < patients.length; i += 50) {
    const chunk = patients.slice(i, i + 50);
    const { resources } = await session.fhir.search(
      `Observation?code=${encodeURIComponent('http://loinc.org|44261-6')}&subject=${encodeURIComponent(chunk.join(','))}&_sort=date&_count=500`, 2000);
    for (const observation of resources) {
      const score = observation.valueQuantity ? observation.valueQuantity.value : observation.valueInteger;
      if (score === undefined || observation.status === 'entered-in-error') continue;
      const key = observation.subject.reference;
      if (!byPatient.has(key)) byPatient.set(key, []);
      byPatient.get(key).push({ date: day(observation.effectiveDateTime || (observation.effectivePeriod || {}).start), score });
    }
  }
  return byPatient;
}

function table(holder, rows) {
  let sortKey = 'name';
  let ascending = true;
  const body = h('tbody');
  const headers = COLUMNS.map(([key, label]) => {
    if (key === 'trend') return h('th', { scope: 'col' }, label);
    const sortBy = key === 'patient' ? 'name' : key === 'careManager' ? 'manager' : key;
    const th = h('th', { scope: 'col', 'aria-sort': sortBy === sortKey ? 'ascending' : 'none' });
    th.append(h('button', { type: 'button', class: 'sort', onclick: () => {
      ascending = sortKey === sortBy ? !ascending : true;
      sortKey = sortBy;
      for (const other of headers) if (other.hasAttribute('aria-sort')) other.setAttribute('aria-sort', 'none');
      th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
      fill();
    } }, label));
    return th;
  });
  function fill() {
    const sorted = [...rows].sort((a, b) => {
      const x = a[sortKey];
      const y = b[sortKey];
      const order = x === undefined ? 1 : y === undefined ? -1
        : typeof x === 'number' ? x - y : String(x).localeCompare(String(y));
      return ascending ? order : -order;
    });
    body.replaceChildren(...sorted.map(row => h('tr', {},
      h('th', { scope: 'row' }, h('a', { href: `#patient/${(row.patient.reference || '').split('/')[1]}` }, row.name)),
      h('td', { class: 'status' }, row.status || '—'),
      h('td', {}, row.baselinePhq9 ?? '—'), h('td', {}, row.latestPhq9 ?? '—'), h('td', {}, row.change ?? '—'),
      h('td', {}, row.weeksInCare ?? '—'), h('td', {}, day(row.lastContact)), h('td', {}, day(row.nextContactDue)),
      h('td', {}, row.manager), h('td', {}, trend(row.scores)))));
  }
  fill();
  holder.replaceChildren(h('table', { id: 'registry' },
    h('caption', { class: 'visually-hidden' }, `${rows.length} patients on the registry`),
    h('thead', {}, h('tr', {}, headers)), body),
  h('p', { class: 'meta', id: 'registry-count' }, `${rows.length} patient${rows.length === 1 ? '' : 's'}`));
}

function trend(scores) {
  if (!scores.length) return '—';
  const width = 120;
  const height = 32;
  const x = i => (scores.length === 1 ? width / 2 : 4 + (i * (width - 8)) / (scores.length - 1));
  const y = score => height - 3 - (Math.min(score, 27) / 27) * (height - 6);
  const label = `PHQ-9 ${scores.map(s => `${s.score} on ${s.date}`).join(', ')}`;
  return svg('svg', { class: 'trend', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': label },
    svg('title', {}, document.createTextNode(label)),
    svg('line', { x1: 0, x2: width, y1: y(10), y2: y(10), stroke: '#c9d0d9', 'stroke-dasharray': '3 3' }),
    svg('polyline', { fill: 'none', stroke: '#0b5cad', 'stroke-width': 2, points: scores.map((s, i) => `${x(i)},${y(s.score)}`).join(' ') }),
    ...scores.map((s, i) => svg('circle', { cx: x(i), cy: y(s.score), r: 2.5, fill: '#0b5cad' })));
}

