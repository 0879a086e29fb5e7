// Who is working: with the server's security on, a SMART standalone launch (authorization code with PKCE, user/
// scopes) and the signed-in person's fhirUser; with it off (no SMART discovery), a practitioner chosen from a list.

import { Fhir } from './fhir.js';
import { h, errorBox } from './dom.js';
import { humanName } from './format.js';

const TOKEN = 'carerelay-worklist-token';
const LAUNCH = 'carerelay-worklist-launch';
const CHOSEN = 'carerelay-worklist-practitioner';

export const FHIR_BASE = `${location.origin}/fhir`;
const REDIRECT = `${location.origin}/worklist/`;

/** Resolves with {fhir, user, secured, signOut} once someone is working; may leave the page to sign in. */
export async function startSession(settings, main) {
  const discovery = await fetch(`${FHIR_BASE}/.well-known/smart-configuration`, { headers: { Accept: 'application/json' } });
  if (!discovery.ok) return openSession(main);
  const smart = await discovery.json();
  const query = new URLSearchParams(location.search);
  if (query.has('error')) {
    history.replaceState(null, '', REDIRECT);
    return signInAgain(main, `Sign-in did not complete: ${query.get('error_description') || query.get('error')}.`);
  }
  if (query.has('code')) {
    await exchange(smart, settings, query);
    history.replaceState(null, '', REDIRECT + location.hash);
  }
  const stored = JSON.parse(sessionStorage.getItem(TOKEN) || 'null');
  if (!stored || stored.expiresAt < Date.now() + 30000) {
    await authorize(smart, settings);
    return new Promise(() => {}); // the browser is leaving for the sign-in page
  }
  return {
    fhir: new Fhir(FHIR_BASE, stored.accessToken),
    user: stored.fhirUser,
    secured: true,
    signOut() {
      sessionStorage.removeItem(TOKEN);
      document.getElementById('who').replaceChildren();
      signInAgain(main, 'You signed out of the worklist; its token is forgotten.');
    },
  };
}

function signInAgain(main, message) {
  return new Promise(() => {
    main.replaceChildren(h('h2', {}, 'Not signed in'), h('p', {}, message),
      h('button', { type: 'button', onclick: () => location.replace(REDIRECT) }, 'Sign in again'));
  });
}

async function authorize(smart, settings) {
  const verifier = random(48);
  const state = random(24);
  sessionStorage.setItem(LAUNCH, JSON.stringify({ verifier, state, hash: location.hash }));
  const challenge = base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  const url = new URL(smart.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: settings.clientId,
    redirect_uri: REDIRECT,
    scope: settings.scope,
    state,
    aud: FHIR_BASE,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url.toString());
}

async function exchange(smart, settings, query) {
  const launch = JSON.parse(sessionStorage.getItem(LAUNCH) || 'null');
  sessionStorage.removeItem(LAUNCH);
  if (!launch || launch.state !== query.get('state')) {
    throw new Error('The sign-in answer does not belong to this page (state mismatch): reload to sign in again.');
  }
  const response = await fetch(smart.token_endpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: query.get('code'),
      redirect_uri: REDIRECT,
      client_id: settings.clientId,
      code_verifier: launch.verifier,
    }),
  });
  const token = await response.json();
  if (!response.ok) throw new Error(`The token endpoint refused the sign-in: ${token.error_description || token.error}`);
  const fhirUser = claim(token.id_token, 'fhirUser') || claim(token.access_token, 'fhirUser');
  sessionStorage.setItem(TOKEN, JSON.stringify({
    accessToken: token.access_token,
    expiresAt: Date.now() + (token.expires_in || 300) * 1000,
    fhirUser: fhirUser ? fhirUser.split('/').slice(-2).join('/') : null,
  }));
  if (launch.hash) location.hash = launch.hash;
}

function claim(jwt, name) {
  if (!jwt || jwt.split('.').length < 2) return undefined;
  try {
    const payload = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(payload.padEnd(Math.ceil(payload.length / 4) * 4, '=')))[name];
  } catch (notJson) {
    return undefined;
  }
}

function random(bytes) {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

function base64url(bytes) {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Security off: no token, and the person says which practitioner they are. */
function openSession(main) {
  const fhir = new Fhir(FHIR_BASE, null);
  const session = user => ({
    fhir,
    user,
    secured: false,
    signOut() {
      sessionStorage.removeItem(CHOSEN);
      location.reload();
    },
  });
  const chosen = sessionStorage.getItem(CHOSEN);
  if (chosen) return Promise.resolve(session(chosen));
  return new Promise(resolve => {
    const results = h('ul', { class: 'items', 'aria-label': 'Practitioners found' });
    const input = h('input', { id: 'practitioner-name', name: 'name', type: 'search', autocomplete: 'off' });
    async function find(event) {
      event.preventDefault();
      results.replaceChildren(h('li', {}, 'Searching…'));
      try {
        const name = input.value.trim();
        const { resources } = await fhir.search(`Practitioner?_count=50${name ? '&name=' + encodeURIComponent(name) : ''}`, 50);
        results.replaceChildren(...(resources.length ? resources.map(p => h('li', {},
          h('button', { type: 'button', class: 'secondary', onclick: () => {
            sessionStorage.setItem(CHOSEN, `Practitioner/${p.id}`);
            resolve(session(`Practitioner/${p.id}`));
          } }, humanName(p)))) : [h('li', {}, 'No practitioner has that name.')]));
      } catch (error) {
        results.replaceChildren(h('li', {}, errorBox(error)));
      }
    }
    main.replaceChildren(
      h('h2', {}, 'Who is working?'),
      h('p', {}, 'Security is off on this server, so nobody signs in: choose the practitioner whose worklist to show.'),
      h('form', { class: 'inline-form', onsubmit: find },
        h('div', {}, h('label', { for: 'practitioner-name' }, 'Practitioner name'), input),
        h('button', { type: 'submit' }, 'Search')),
      results);
    input.focus();
  });
}
