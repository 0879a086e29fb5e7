// Notifications where the browser can use them: a websocket Subscription on the practitioner's Tasks (one per browser
// and set of owners, its id kept in localStorage and reused), bound with a token from $get-ws-binding-token. Polling
// stays on beside it, for a server or network that drops the socket.

import { parameters, value } from './fhir.js';

export async function listen(session, owners, onChange, setStatus) {
  const key = `carerelay-worklist-subscription:${owners}`;
  try {
    let id = localStorage.getItem(key);
    if (id) {
      const existing = await session.fhir.read(`Subscription/${id}`).catch(() => null);
      if (!existing || existing.status === 'off' || existing.status === 'error') id = null;
    }
    if (!id) {
      const created = await session.fhir.request('Subscription', { method: 'POST', body: {
        resourceType: 'Subscription',
        status: 'requested',
        reason: 'CareRelay worklist: handoffs given to ' + owners,
        criteria: `Task?owner=${owners}`,
        channel: { type: 'websocket' },
      } });
      id = created.json ? created.json.id : (created.location || '').replace(/.*\/Subscription\//, '').replace(/\/_history.*/, '');
      localStorage.setItem(key, id);
    }
    const token = value(parameters(await session.fhir.read(`Subscription/${id}/$get-ws-binding-token`)).token[0]);
    const socket = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/websocket`);
    socket.addEventListener('open', () => socket.send(`bind-with-token ${token}`));
    socket.addEventListener('message', event => {
      const text = String(event.data);
      if (text.startsWith('bound')) setStatus(true);
      else if (text.startsWith('ping') || text.startsWith('{')) onChange();
    });
    socket.addEventListener('close', () => setStatus(false));
    return () => socket.close();
  } catch (unavailable) {
    setStatus(false);
    return () => {};
  }
}
