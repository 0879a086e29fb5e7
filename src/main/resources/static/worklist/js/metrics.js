// Metrics: $coordination-metrics month by month, from the start of a baseline period the user chooses (default the
// previous 12 months) to today, each metric as a chart (uPlot) with the baseline period's score as a dashed line, and as
// a table.

import uPlot from '../lib/uplot/uPlot.esm.js';
import { h, errorBox } from './dom.js';
import { isoDay } from './format.js';

// The metrics that tell a month-by-month story. open-care-gaps counts the gaps open on one day and walks every
// patient's record to do it; the Today view lists the panel's gaps instead.
const CHARTED = ['referral-loop-closure', 'referral-closure-days', 'handoff-acknowledgement-hours',
  'handoffs-by-status', 'discharge-follow-up-days', 'discharge-follow-up-rate', 'hba1c-control', 'phq9-response',
  'phq9-remission', 'readmission-30-day', 'emergency-visits', 'missed-appointments', 'average-length-of-stay',
  'cost-per-patient'].map(code => `&metric=${code}`).join('');

export async function render(main, session) {
  const today = new Date();
  const from = h('input', { type: 'date', id: 'metrics-from', required: true });
  const to = h('input', { type: 'date', id: 'metrics-to', required: true });
  const through = h('input', { type: 'date', id: 'metrics-through', required: true });
  from.value = isoDay(new Date(today.getFullYear(), today.getMonth() - 12, 1));
  to.value = isoDay(new Date(today.getFullYear(), today.getMonth(), 0));
  through.value = isoDay(today);
  const holder = h('div', { class: 'grid', id: 'metrics' });
  const form = h('form', { class: 'inline-form', onsubmit: event => { event.preventDefault(); load(); } },
    h('div', {}, h('label', { for: 'metrics-from' }, 'Baseline from'), from),
    h('div', {}, h('label', { for: 'metrics-to' }, 'Baseline to'), to),
    h('div', {}, h('label', { for: 'metrics-through' }, 'Months shown through'), through),
    h('button', { type: 'submit' }, 'Show'));
  main.replaceChildren(h('h2', {}, 'Coordination metrics'),
    h('p', { class: 'meta' }, 'Each month from the start of the baseline; the dashed line is the score of the whole'
      + ' baseline period.'),
    form, holder);
  const charts = [];
  await load();
  return () => charts.forEach(c => c.destroy());

  async function load() {
    charts.splice(0).forEach(c => c.destroy());
    holder.replaceChildren(h('p', {}, 'Loading…'));
    try {
      const [monthly, baseline] = await Promise.all([
        session.fhir.read(`$coordination-metrics?periodStart=${from.value}&periodEnd=${through.value}&interval=month${CHARTED}`),
        session.fhir.read(`$coordination-metrics?periodStart=${from.value}&periodEnd=${to.value}${CHARTED}`),
      ]);
      const baselines = new Map((baseline.group || []).map(g => [g.id || ((g.code.coding || [])[0] || {}).code, score(g)]));
      holder.replaceChildren(...(monthly.group || []).map(group =>
        metric(group, baselines.get(group.id || ((group.code.coding || [])[0] || {}).code), to.value, charts)));
    } catch (error) {
      holder.replaceChildren(errorBox(error));
    }
  }
}

function score(component) {
  return component.measureScore ? component.measureScore.value : null;
}

function display(value, unit) {
  if (value === null || value === undefined) return '—';
  const rounded = Math.round(value * 100) / 100;
  return unit === '%' ? `${Math.round(value * 1000) / 10} %` : `${rounded}${unit ? ' ' + unit : ''}`;
}

function metric(group, baseline, baselineEnd, charts) {
  const coding = (group.code.coding || [])[0] || {};
  const title = coding.display || coding.code;
  const unit = group.measureScore && (group.measureScore.unit === '{count}' ? '' : group.measureScore.unit);
  const monthly = (group.stratifier || []).find(s => (s.code || []).some(c => c.text === 'month'));
  const strata = (monthly && monthly.stratum) || [];
  const months = strata.map(s => s.value.text);
  const values = strata.map(score);
  const counts = strata.map(s => ((s.population || [])[0] || {}).count);
  const id = `metric-${coding.code}`;
  const chart = h('div', { class: 'chart', role: 'img', 'aria-label':
    `${title} by month: ${months.map((m, i) => `${m} ${display(values[i], unit)}`).join(', ')}; baseline ${display(baseline, unit)}` });
  const card = h('section', { class: 'card', id, 'aria-labelledby': `${id}-title` },
    h('h3', { id: `${id}-title` }, title),
    h('p', {}, `Baseline: ${display(baseline, unit)}`),
    chart,
    h('details', {}, h('summary', {}, `${title} as a table`),
      h('table', {}, h('caption', { class: 'visually-hidden' }, `${title} by month`),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Month'), h('th', { scope: 'col' }, 'Score'),
          h('th', { scope: 'col' }, 'Counted'), h('th', { scope: 'col' }, 'Period'))),
        h('tbody', {}, months.map((m, i) => h('tr', {}, h('th', { scope: 'row' }, m),
          h('td', {}, display(values[i], unit)), h('td', {}, counts[i] ?? '—'),
          h('td', {}, m <= baselineEnd.substring(0, 7) ? 'baseline' : 'since')))))));
  requestAnimationFrame(() => {
    const width = Math.max(260, chart.clientWidth - 8);
    const x = months.map(m => Date.UTC(Number(m.substring(0, 4)), Number(m.substring(5, 7)) - 1, 1) / 1000);
    const plot = new uPlot({
      width,
      height: 180,
      legend: { show: false },
      scales: { x: { time: true } },
      series: [
        {},
        { label: title, stroke: '#0b5cad', width: 2, points: { show: true, size: 6, fill: '#0b5cad' }, spanGaps: false },
        { label: 'Baseline', stroke: '#8a4b00', width: 1, dash: [6, 4], points: { show: false } },
      ],
      axes: [{ stroke: '#1b1f24' }, { stroke: '#1b1f24', size: 56 }],
    }, [x, values, x.map(() => baseline)], chart);
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(260, chart.clientWidth - 8), height: 180 }));
    resize.observe(chart);
    charts.push({ destroy: () => { resize.disconnect(); plot.destroy(); } });
  });
  return card;
}
