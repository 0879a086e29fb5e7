// The worklist: four views over the public FHIR API, chosen by the address's fragment (#today, #registry,
// #patient/ID, #metrics).

import { startSession } from './auth.js';
import { h, errorBox } from './dom.js';
import { humanName } from './format.js';
import * as today from './today.js';
import * as registry from './registry.js';
import * as patient from './patient.js';
import * as metrics from './metrics.js';

const VIEWS = { today, registry, patient, metrics };
const main = document.getElementById('main');
let session;
let dispose = () => {};

async function start() {
  try {
    const settings = await (await fetch('settings.json')).json();
    session = await startSession(settings, main);
    session.pollSeconds = settings.pollSeconds;
    await showWho();
    window.addEventListener('hashchange', () => route(true));
    route(false);
  } catch (error) {
    main.replaceChildren(errorBox(error));
  }
}

async function showWho() {
  const who = document.getElementById('who');
  let name = session.user || 'no practitioner (your account names no fhir-user)';
  if (session.user) {
    try {
      name = humanName(await session.fhir.read(session.user)) || session.user;
    } catch (unreadable) {
      name = session.user;
    }
  }
  session.userName = name;
  who.replaceChildren(
    h('span', { id: 'signed-in' }, session.secured ? `Signed in as ${name}` : `Working as ${name} (security off)`),
    h('button', { type: 'button', onclick: () => session.signOut() }, session.secured ? 'Sign out' : 'Change practitioner'));
}

async function route(moveFocus) {
  dispose();
  dispose = () => {};
  const [name, argument] = (location.hash.replace(/^#/, '') || 'today').split('/');
  const view = VIEWS[name] || today;
  for (const link of document.querySelectorAll('nav a')) {
    if (link.dataset.view === (VIEWS[name] ? name : 'today')) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  main.replaceChildren(h('p', {}, 'Loading…'));
  main.setAttribute('aria-busy', 'true');
  try {
    dispose = (await view.render(main, session, argument && decodeURIComponent(argument))) || (() => {});
  } catch (error) {
    main.replaceChildren(errorBox(error));
  }
  main.removeAttribute('aria-busy');
  if (moveFocus) main.focus({ preventScroll: true });
  window.scrollTo(0, 0);
}

start();
