// The FHIR API as the page uses it: JSON over fetch, a bearer token when signed in.

export class FhirError extends Error {
  constructor(status, outcome) {
    const issues = (outcome && outcome.issue) || [];
    const text = issues.map(i => (i.details && i.details.text) || i.diagnostics).filter(Boolean).join('; ');
    super(`The server answered ${status}${text ? ': ' + text : ''}`);
    this.status = status;
    this.outcome = outcome;
  }
}

export class Fhir {
  constructor(base, token) {
    this.base = base.replace(/\/$/, '');
    this.token = token;
  }

  url(path) {
    return /^https?:/.test(path) ? path : `${this.base}/${path.replace(/^\//, '')}`;
  }

  async request(path, { method = 'GET', body, headers = {} } = {}) {
    const all = { Accept: 'application/fhir+json', ...headers };
    if (this.token) all.Authorization = `Bearer ${this.token}`;
    if (body) all['Content-Type'] = 'application/fhir+json';
    const response = await fetch(this.url(path), { method, headers: all, body: body && JSON.stringify(body) });
    const text = await response.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch (notJson) { json = null; }
    if (!response.ok) throw new FhirError(response.status, json);
    return { json, etag: response.headers.get('ETag'), location: response.headers.get('Location'), status: response.status };
  }

  async read(path) {
    return (await this.request(path)).json;
  }

  /** Every entry of a search, following next links up to a limit. */
  async search(path, limit = 1000) {
    const entries = [];
    let bundle = await this.read(path);
    const first = bundle;
    while (bundle) {
      entries.push(...(bundle.entry || []));
      const next = (bundle.link || []).find(l => l.relation === 'next');
      if (!next || entries.length >= limit) break;
      bundle = await this.read(next.url);
    }
    return { entries, resources: entries.map(e => e.resource), bundle: first };
  }

  /** The resources a list of references names, read in one search per type; a map from Type/id. */
  async resolve(references) {
    const byType = new Map();
    for (const reference of references) {
      const match = /^([A-Z][A-Za-z]+)\/([^/]+)$/.exec(reference || '');
      if (!match) continue;
      if (!byType.has(match[1])) byType.set(match[1], new Set());
      byType.get(match[1]).add(match[2]);
    }
    const known = new Map();
    for (const [type, ids] of byType) {
      const all = [...ids];
      for (let i = 0; i < all.length; i += 50) {
        const chunk = all.slice(i, i + 50);
        try {
          const { resources } = await this.search(`${type}?_id=${chunk.map(encodeURIComponent).join(',')}&_count=50`);
          for (const resource of resources) known.set(`${type}/${resource.id}`, resource);
        } catch (unreadable) {
          // a name the token may not read stays a reference
        }
      }
    }
    return known;
  }
}

/** The parameters of an operation's answer, by name, as {name: [parameter]}. */
export function parameters(resource) {
  const byName = {};
  for (const parameter of (resource && resource.parameter) || []) {
    (byName[parameter.name] = byName[parameter.name] || []).push(parameter);
  }
  return byName;
}

/** A parameter's value, whatever its type. */
export function value(parameter) {
  if (!parameter) return undefined;
  const key = Object.keys(parameter).find(k => k.startsWith('value'));
  return key ? parameter[key] : parameter.resource;
}

/** Every page of a paged operation (the next parameter holds the next page's URL). */
export async function allPages(fhir, path, limit = 20) {
  const pages = [];
  let url = path;
  while (url && pages.length < limit) {
    const page = await fhir.read(url);
    pages.push(page);
    const next = parameters(page).next;
    url = next ? value(next[0]) : null;
  }
  return pages;
}
