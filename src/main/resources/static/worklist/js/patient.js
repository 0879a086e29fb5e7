// Patient: the care team, every active CarePlan side by side by author with their activities on one timeline, the
// open referrals, the open care gaps (plans that contradict each other among them), and the handoff history as a
// timeline from Provenance.

import { h, errorBox } from './dom.js';
import { parameters, value } from './fhir.js';
import { codeText, day, humanName, refName } from './format.js';
import { handoffType, isHandoff } from './today.js';

export async function render(main, session, id) {
  if (!id) return choose(main, session);
  const fhir = session.fhir;
  const patient = await fhir.read(`Patient/${encodeURIComponent(id)}`);
  const ref = `Patient/${patient.id}`;
  const [teams, plans, referrals, tasks, gaps] = await Promise.all([
    fhir.search(`CareTeam?patient=${ref}&status=active&_count=50`),
    fhir.search(`CarePlan?subject=${ref}&status=active&_count=50`),
    fhir.search(`ServiceRequest?subject=${ref}&status=active&_count=100`),
    fhir.search(`Task?patient=${ref}&_count=200`),
    fhir.read(`${ref}/$care-gaps?status=open-gap`).then(openGaps, error => error),
  ]);
  const handoffs = tasks.resources.filter(isHandoff);
  const provenance = handoffs.length
    ? (await fhir.search(`Provenance?target=${handoffs.map(t => `Task/${t.id}`).join(',')}&_count=500`, 2000)).resources
    : [];
  const known = await fhir.resolve([
    ...teams.resources.flatMap(t => (t.participant || []).map(p => p.member && p.member.reference)),
    ...plans.resources.flatMap(p => [p.author && p.author.reference, ...(p.contributor || []).map(c => c.reference)]),
    ...referrals.resources.flatMap(s => [s.requester && s.requester.reference, ...(s.performer || []).map(p => p.reference)]),
    ...provenance.flatMap(p => (p.agent || []).map(a => a.who && a.who.reference)),
    ...handoffs.flatMap(t => [t.owner && t.owner.reference, t.requester && t.requester.reference]),
  ].filter(Boolean));
  for (const task of handoffs) known.set(`Task/${task.id}`, task);

  main.replaceChildren(
    h('h2', {}, humanName(patient), h('span', { class: 'meta' },
      ` · born ${day(patient.birthDate)}${patient.gender ? ' · ' + patient.gender : ''}`)),
    h('div', { class: 'grid' },
      h('section', { class: 'card', 'aria-labelledby': 'heading-team' }, h('h3', { id: 'heading-team' }, 'Care team'),
        careTeam(teams.resources, known)),
      h('section', { class: 'card', 'aria-labelledby': 'heading-referrals' },
        h('h3', { id: 'heading-referrals' }, 'Open referrals'), openReferrals(referrals.resources, known))),
    h('section', { class: 'card', 'aria-labelledby': 'heading-gaps' },
      h('h3', { id: 'heading-gaps' }, 'Open care gaps'), careGaps(gaps)),
    h('section', { class: 'card', 'aria-labelledby': 'heading-plans' },
      h('h3', { id: 'heading-plans' }, `Active care plans (${plans.resources.length})`), carePlans(plans.resources, known)),
    h('section', { class: 'card', 'aria-labelledby': 'heading-history' },
      h('h3', { id: 'heading-history' }, 'Handoff history'), history(provenance, known)));
  return undefined;
}

async function choose(main, session) {
  const results = h('ul', { class: 'items', id: 'patient-results', 'aria-label': 'Patients' });
  const input = h('input', { id: 'patient-name', type: 'search', autocomplete: 'off' });
  async function find(query) {
    results.replaceChildren(h('li', {}, 'Searching…'));
    try {
      const { resources } = await session.fhir.search(`Patient?${query}&_count=50`, 50);
      results.replaceChildren(...(resources.length ? resources.map(p => h('li', {},
        h('a', { href: `#patient/${p.id}` }, humanName(p)), h('span', { class: 'meta' }, ` · born ${day(p.birthDate)}`)))
        : [h('li', {}, 'No patient found.')]));
    } catch (error) {
      results.replaceChildren(h('li', {}, errorBox(error)));
    }
  }
  main.replaceChildren(h('h2', {}, 'Patient'),
    h('form', { class: 'inline-form', onsubmit: event => { event.preventDefault(); find(`name=${encodeURIComponent(input.value.trim())}`); } },
      h('div', {}, h('label', { for: 'patient-name' }, 'Patient name'), input),
      h('button', { type: 'submit' }, 'Search')),
    h('h3', {}, session.user ? 'My panel' : 'Patients'), results);
  await find(session.user ? `general-practitioner=${encodeURIComponent(session.user)}` : '_sort=-_lastUpdated');
  return undefined;
}

function careTeam(teams, known) {
  const members = teams.flatMap(team => (team.participant || []).map(p => ({ team, p })));
  if (!members.length) return h('p', {}, 'No active care team.');
  return h('ul', { class: 'items', id: 'care-team' }, members.map(({ team, p }) => h('li', {},
    h('strong', {}, refName(p.member, known)),
    h('div', { class: 'meta' }, `${(p.role || []).map(codeText).filter(Boolean).join(', ') || 'no role given'} · ${team.name || 'care team'}`))));
}

const CARE_GAP_RULE = 'https://carerelay.org/fhir/CodeSystem/care-gap-rule';

/** The DetectedIssues of the patient's $care-gaps report (none when the patient has no gap). */
function openGaps(answer) {
  return (parameters(answer).return || [])
    .flatMap(report => (value(report).entry || []).map(e => e.resource))
    .filter(r => r.resourceType === 'DetectedIssue');
}

/** Each gap with its rule, what it is about and its evidence: for conflicting plans, both sides of each conflict. */
function careGaps(gaps) {
  if (gaps instanceof Error) return errorBox(gaps);
  if (!gaps.length) return h('p', {}, 'No open care gap.');
  return h('ul', { class: 'items', id: 'patient-gaps' }, gaps.map(issue => {
    const rule = (issue.code.coding || []).find(c => c.system === CARE_GAP_RULE) || {};
    const evidence = (issue.evidence || []).map(e => ((e.code || [])[0] || {}).text).filter(Boolean);
    return h('li', { dataset: { rule: rule.code } },
      h('strong', {}, rule.display || rule.code),
      h('div', {}, issue.detail || ''),
      evidence.length ? h('details', {}, h('summary', {}, `Evidence (${evidence.length})`),
        h('ul', {}, evidence.map(e => h('li', {}, e)))) : null);
  }));
}

function openReferrals(referrals, known) {
  if (!referrals.length) return h('p', {}, 'No open referral.');
  return h('ul', { class: 'items', id: 'referrals' }, referrals.map(s => h('li', {},
    h('strong', {}, codeText(s.code) || 'Referral'),
    h('div', { class: 'meta' }, `from ${refName(s.requester, known)} to ${(s.performer || []).map(p => refName(p, known)).join(', ') || '—'} · authored ${day(s.authoredOn)}`))));
}

/** One column per plan, headed by its author; one row per activity date, so the plans read on one timeline. */
function carePlans(plans, known) {
  if (!plans.length) return h('p', {}, 'No active care plan.');
  const rows = [];
  plans.forEach((plan, column) => {
    for (const activity of plan.activity || []) {
      const detail = activity.detail || {};
      const period = detail.scheduledPeriod || {};
      const when = period.start || period.end || detail.scheduledString || (plan.period || {}).start || plan.created || '';
      const text = codeText(detail.code) || detail.description || (activity.reference && activity.reference.reference)
        || (activity.outcomeCodeableConcept || []).map(codeText).join(', ') || 'activity';
      rows.push({ when: String(when), column, text, status: detail.status });
    }
  });
  rows.sort((a, b) => a.when.localeCompare(b.when));
  return h('div', { class: 'table-wrap' }, h('table', { id: 'care-plans' },
    h('caption', { class: 'visually-hidden' }, 'Active care plans side by side, activities by date'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Date'), plans.map(plan => h('th', { scope: 'col', class: 'plan-author' },
      refName(plan.author, known), h('div', { class: 'meta' }, plan.title || codeText((plan.category || [])[0]) || 'care plan'))))),
    h('tbody', {}, rows.map(row => h('tr', {}, h('th', { scope: 'row', class: 'when' }, day(row.when)),
      plans.map((plan, column) => h('td', {}, column === row.column
        ? [row.text, row.status ? h('div', { class: 'meta' }, row.status) : null] : '')))))));
}

function history(provenance, known) {
  if (!provenance.length) return h('p', {}, 'No handoff recorded.');
  const sorted = [...provenance].sort((a, b) => String(a.recorded).localeCompare(String(b.recorded)));
  return h('ol', { class: 'timeline', id: 'handoff-history' }, sorted.map(p => {
    const target = ((p.target || [])[0] || {}).reference || '';
    const task = known.get(target.split('/_history')[0]);
    const agents = (p.agent || []).map(a => `${refName(a.who, known)} (${codeText(a.type) || ((a.type || {}).coding || [{}])[0].code || 'agent'})`);
    return h('li', {},
      h('strong', {}, `${day(p.recorded)} ${String(p.recorded || '').substring(11, 16)} · ${codeText(p.activity) || 'changed'}`),
      h('div', {}, task ? `${handoffType(task)} from ${refName(task.requester, known)} to ${refName(task.owner, known)}` : target),
      h('div', { class: 'meta' }, agents.join(', ')));
  }));
}
