// Today: the handoffs waiting for the practitioner (and their PractitionerRoles), those they accepted, those they
// sent that nobody accepted yet, what is overdue, and the care gaps of their panel. New handoffs appear by polling.

import { h, ask, announce, errorBox } from './dom.js';
import { allPages, parameters, value } from './fhir.js';
import { codeOf, codeText, day, dueDate, humanName, isPast, isoDay, refName } from './format.js';
import { listen } from './live.js';

const HANDOFF_TYPE = 'https://carerelay.org/fhir/CodeSystem/handoff-type';
const HANDOFF_PARAMETER = 'https://carerelay.org/fhir/CodeSystem/handoff-parameter';
const TASK_CODE = 'http://hl7.org/fhir/CodeSystem/task-code';
const HANDOFF_RULE = 'https://carerelay.org/fhir/CodeSystem/handoff-rule';
const CARE_GAP_RULE = 'https://carerelay.org/fhir/CodeSystem/care-gap-rule';
const OPEN = 'draft,requested,received,accepted,ready,in-progress,on-hold';
const OUTCOME_TYPES = ['Encounter', 'DiagnosticReport', 'Procedure', 'Observation', 'DocumentReference'];

export function isHandoff(task) {
  const codings = (task.code && task.code.coding) || [];
  return codings.some(c => c.system === HANDOFF_TYPE)
    || (codings.some(c => c.system === TASK_CODE && c.code === 'fulfill')
      && /(^|\/)ServiceRequest\//.test((task.focus && task.focus.reference) || ''));
}

export function handoffType(task) {
  const coding = ((task.code && task.code.coding) || []).find(c => c.system === HANDOFF_TYPE);
  return coding ? coding.code : 'referral';
}

export async function render(main, session) {
  if (!session.user) {
    main.replaceChildren(h('h2', {}, 'Today'), h('p', {}, 'Your account names no practitioner, so there is no worklist.'));
    return undefined;
  }
  const sections = {
    incoming: section('incoming', 'Incoming handoffs'),
    progress: section('progress', 'Accepted, to complete'),
    outgoing: section('outgoing', 'Sent, not yet accepted'),
    overdue: section('overdue', 'Overdue tasks'),
    gaps: section('gaps', 'Care gaps of my panel'),
  };
  const live = h('p', { class: 'meta', id: 'live' }, `Checking for new handoffs every ${session.pollSeconds || 15} s`);
  main.replaceChildren(
    h('h2', {}, `Today, ${isoDay(new Date())}`),
    live,
    h('div', { class: 'grid' }, sections.incoming.element, sections.progress.element, sections.outgoing.element,
      sections.overdue.element),
    h('div', { class: 'wide' }, sections.gaps.element));
  const roles = await session.fhir.search(
    `PractitionerRole?practitioner=${encodeURIComponent(session.user)}&_count=100`).catch(() => ({ resources: [] }));
  const owners = [session.user, ...roles.resources.map(r => `PractitionerRole/${r.id}`)].join(',');
  let since = null;
  let shown = '';
  let queue = Promise.resolve();

  // one refresh at a time, and the lists are drawn again only when a Task changed: a notification of the person's own
  // write must not redraw the list under their keyboard focus
  function refreshHandoffs() {
    queue = queue.then(loadHandoffs, loadHandoffs);
    return queue;
  }

  async function loadHandoffs() {
    const mine = await session.fhir.search(
      `Task?owner=${encodeURIComponent(owners)}&status=${OPEN}&_include=Task:patient&_include=Task:requester&_count=200`);
    const sent = await session.fhir.search(
      `Task?requester=${encodeURIComponent(owners)}&status=requested,received&_include=Task:patient&_include=Task:owner&_count=200`);
    since = since || mine.bundle.meta && mine.bundle.meta.lastUpdated;
    const versions = [...mine.resources, ...sent.resources]
      .map(r => `${r.resourceType}/${r.id}/${(r.meta && r.meta.versionId) || ''}`).sort().join(' ');
    if (versions === shown) return;
    shown = versions;
    const known = new Map([...mine.resources, ...sent.resources].map(r => [`${r.resourceType}/${r.id}`, r]));
    const tasks = mine.entries.filter(e => !e.search || e.search.mode !== 'include').map(e => e.resource);
    const handoffs = tasks.filter(isHandoff).sort(byDue);
    const incoming = handoffs.filter(t => t.status === 'requested' || t.status === 'received');
    const progress = handoffs.filter(t => t.status === 'accepted' || t.status === 'in-progress');
    const outgoing = sent.entries.filter(e => !e.search || e.search.mode !== 'include').map(e => e.resource)
      .filter(isHandoff).sort(byDue);
    const overdue = tasks.filter(t => isPast(dueDate(t))).sort(byDue);
    const findings = new Map(await Promise.all([...incoming, ...progress].map(async task => [task.id,
      await session.fhir.read(`Task/${task.id}/$validate-handoff`).catch(error => ({ error }))])));
    sections.incoming.fill(incoming.map(task => handoffItem(task, known, findings.get(task.id), [
      ['Accept', () => accept(session, task, refreshHandoffs)],
      ['Reject', () => reject(session, task, refreshHandoffs)],
    ])), 'No handoff is waiting for you.');
    sections.progress.fill(progress.map(task => handoffItem(task, known, findings.get(task.id), [
      ['Complete', () => complete(session, task, refreshHandoffs)],
    ])), 'Nothing accepted is waiting to be completed.');
    sections.outgoing.fill(outgoing.map(task => h('li', {},
      h('strong', {}, `${handoffType(task)} for ${refName(task.for, known)}`),
      h('div', { class: 'meta' }, `to ${refName(task.owner, known)} · ${task.status} · due ${day(dueDate(task))}`))),
    'Everything you sent has been accepted.');
    sections.overdue.fill(overdue.map(task => h('li', {},
      h('strong', {}, `${codeText(task.code) || 'Task'} for ${refName(task.for, known)}`),
      h('div', { class: 'overdue' }, `due ${day(dueDate(task))}, ${task.status}`))),
    'Nothing is overdue.');
  }

  async function refreshGaps() {
    const pages = await allPages(session.fhir,
      `Patient/$care-gaps?practitioner=${encodeURIComponent(session.user)}&status=open-gap&_count=100`);
    const byRule = new Map();
    let count = 0;
    for (const page of pages) {
      for (const report of parameters(page).return || []) {
        const bundle = value(report);
        const resources = (bundle.entry || []).map(e => e.resource);
        const patient = resources.find(r => r.resourceType === 'Patient');
        for (const issue of resources.filter(r => r.resourceType === 'DetectedIssue')) {
          const coding = (issue.code.coding || []).find(c => c.system === CARE_GAP_RULE) || {};
          if (!byRule.has(coding.code)) byRule.set(coding.code, { title: coding.display || coding.code, gaps: [] });
          byRule.get(coding.code).gaps.push({ issue, patient });
          count++;
        }
      }
    }
    const groups = [...byRule.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([rule, group]) =>
      h('li', { class: 'rule', dataset: { rule } },
        h('h4', {}, `${group.title} `, h('span', { class: 'count' }, group.gaps.length)),
        h('ul', { class: 'items' }, group.gaps.map(gap => gapItem(session, rule, gap, refreshGaps)))));
    sections.gaps.fill(groups, 'No open care gap in your panel.', count);
  }

  await Promise.all([
    refreshHandoffs().catch(error => sections.incoming.fail(error)),
    refreshGaps().catch(error => sections.gaps.fail(error)),
  ]);

  const timer = setInterval(async () => {
    try {
      const changed = await session.fhir.search(
        `Task?owner=${encodeURIComponent(owners)}&_lastUpdated=gt${encodeURIComponent(since || new Date().toISOString())}&_count=50`, 50);
      since = (changed.bundle.meta && changed.bundle.meta.lastUpdated) || since;
      const handoffs = changed.resources.filter(isHandoff);
      if (handoffs.length) {
        await refreshHandoffs();
        announce(`${handoffs.length} handoff${handoffs.length === 1 ? '' : 's'} changed or arrived`);
      }
    } catch (pollFailed) {
      // the next poll tries again
    }
  }, (session.pollSeconds || 15) * 1000);
  const unlisten = await listen(session, owners, async () => {
    await refreshHandoffs();
    announce('Your handoffs changed');
  }, bound => {
    live.textContent = bound ? 'Live: notified as your handoffs change'
      : `Checking for new handoffs every ${session.pollSeconds || 15} s`;
  });
  return () => {
    clearInterval(timer);
    unlisten();
  };
}

function byDue(a, b) {
  return (dueDate(a) || '9999').localeCompare(dueDate(b) || '9999');
}

function section(id, title) {
  const count = h('span', { class: 'count', id: `count-${id}` }, '…');
  const list = h('ul', { class: 'items', id: `list-${id}` });
  const status = h('div', { role: 'alert' });
  const element = h('section', { class: 'card', 'aria-labelledby': `heading-${id}` },
    h('h3', { id: `heading-${id}` }, `${title} `, count), status, list);
  return {
    element,
    fill(items, empty, total) {
      count.textContent = String(total === undefined ? items.length : total);
      list.replaceChildren(...(items.length ? items : [h('li', { class: 'empty' }, empty)]));
    },
    fail(error) {
      count.textContent = '!';
      status.replaceChildren(errorBox(error));
    },
  };
}

function handoffItem(task, known, outcome, actions) {
  const due = dueDate(task);
  const issues = ((outcome && outcome.issue) || []).filter(i => i.severity === 'error' || i.severity === 'warning');
  const patient = refName(task.for, known);
  return h('li', { dataset: { task: task.id } },
    h('strong', {}, `${handoffType(task)} for ${patient}`),
    h('div', { class: 'meta' }, `from ${refName(task.requester, known)} · ${task.status} · priority ${task.priority || '—'}`),
    h('div', { class: isPast(due) ? 'overdue' : 'meta' }, `due ${day(due)}${isPast(due) ? ' (overdue)' : ''}`),
    task.reasonCode ? h('div', {}, `Reason: ${codeText(task.reasonCode)}`) : null,
    outcome && outcome.error ? errorBox(outcome.error) : h('ul', { class: 'findings', 'aria-label': 'Validation findings' },
      issues.length ? issues.map(issue => h('li', { class: `finding-${issue.severity}` },
        `${issue.severity}: ${codeOf(issue.details, HANDOFF_RULE) || ''} — ${(issue.details && issue.details.text) || issue.diagnostics || ''}`))
        : h('li', { class: 'meta' }, 'complete: no findings')),
    h('div', { class: 'actions' }, actions.map(([label, action]) =>
      h('button', { type: 'button', 'aria-label': `${label} ${handoffType(task)} for ${patient}`, onclick: action }, label))));
}

async function update(session, task, change, done, what) {
  try {
    const { json: current, etag } = await session.fhir.request(`Task/${task.id}`);
    change(current);
    current.lastModified = new Date().toISOString();
    await session.fhir.request(`Task/${task.id}`, { method: 'PUT', body: current, headers: { 'If-Match': etag } });
    announce(`Handoff ${what}`);
  } catch (error) {
    announce(error.message);
    alertIn(task.id, error);
  }
  await done();
}

function alertIn(taskId, error) {
  const item = document.querySelector(`li[data-task="${taskId}"]`);
  if (item) item.append(errorBox(error));
}

async function accept(session, task, done) {
  const answer = await ask('Accept handoff', [{ name: 'synthesis', type: 'textarea', required: true,
    label: 'Your synthesis: what you understood and will do' }], 'Accept handoff');
  if (!answer) return;
  await update(session, task, current => {
    current.status = 'accepted';
    current.output = [...(current.output || []), {
      type: { coding: [{ system: HANDOFF_PARAMETER, code: 'receiver-synthesis' }], text: 'Receiver synthesis' },
      valueString: answer.synthesis,
    }];
  }, done, 'accepted');
}

async function reject(session, task, done) {
  const answer = await ask('Reject handoff', [{ name: 'reason', type: 'textarea', required: true,
    label: 'Reason for rejecting' }], 'Reject handoff');
  if (!answer) return;
  await update(session, task, current => {
    current.status = 'rejected';
    current.statusReason = { text: answer.reason };
  }, done, 'rejected');
}

async function complete(session, task, done) {
  const patient = task.for && task.for.reference;
  const candidates = [];
  for (const type of OUTCOME_TYPES) {
    try {
      const { resources } = await session.fhir.search(
        `${type}?${type === 'Encounter' || type === 'Observation' ? 'subject' : 'patient'}=${encodeURIComponent(patient)}&_sort=-_lastUpdated&_count=5`, 5);
      candidates.push(...resources.map(r => `${type}/${r.id}`));
    } catch (unsearchable) {
      // offer the others
    }
  }
  const listId = `outcomes-${task.id}`;
  document.getElementById(listId)?.remove();
  document.body.append(h('datalist', { id: listId }, candidates.map(c => h('option', { value: c }))));
  const answer = await ask('Complete handoff', [{ name: 'outcome', required: true, list: listId,
    label: 'Outcome that closes the loop (for example Encounter/123)' }], 'Complete handoff');
  if (!answer) return;
  await update(session, task, current => {
    current.status = 'completed';
    current.output = [...(current.output || []), { type: { text: 'Outcome' }, valueReference: { reference: answer.outcome } }];
  }, done, 'completed');
}

function gapItem(session, rule, gap, done) {
  const name = humanName(gap.patient);
  const evidence = (gap.issue.evidence || []).map(e => ((e.code || [])[0] || {}).text).filter(Boolean);
  const mitigation = ((gap.issue.mitigation || [])[0] || {}).action;
  return h('li', {},
    h('strong', {}, name), ' — ',
    h('a', { href: `#patient/${gap.patient.id}` }, 'open patient'),
    h('div', {}, gap.issue.detail || ''),
    evidence.length ? h('details', {}, h('summary', {}, `Evidence (${evidence.length})`),
      h('ul', {}, evidence.map(e => h('li', {}, e)))) : null,
    mitigation ? h('div', { class: 'meta' }, `Suggested: ${codeText(mitigation)}`) : null,
    rule === 'hba1c-overdue' ? h('div', { class: 'actions' }, h('button', { type: 'button',
      'aria-label': `Record HbA1c for ${name}`, onclick: () => recordHba1c(session, gap.patient, name, done) },
    'Record HbA1c')) : null);
}

async function recordHba1c(session, patient, name, done) {
  const answer = await ask(`Record HbA1c for ${name}`, [
    { name: 'value', type: 'number', step: '0.1', min: '2', max: '25', required: true, label: 'HbA1c (%)' },
    { name: 'date', type: 'date', required: true, value: isoDay(new Date()), label: 'Date of the result' },
  ], 'Record result');
  if (!answer) return;
  try {
    await session.fhir.request('Observation', { method: 'POST', body: {
      resourceType: 'Observation',
      status: 'final',
      category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' }] }],
      code: { coding: [{ system: 'http://loinc.org', code: '4548-4', display: 'Hemoglobin A1c/Hemoglobin.total in Blood' }], text: 'HbA1c' },
      subject: { reference: `Patient/${patient.id}` },
      effectiveDateTime: answer.date,
      valueQuantity: { value: Number(answer.value), unit: '%', system: 'http://unitsofmeasure.org', code: '%' },
      performer: session.user ? [{ reference: session.user }] : undefined,
    } });
    announce(`HbA1c ${answer.value} % recorded for ${name}`);
  } catch (error) {
    announce(error.message);
  }
  await done();
}
