// The client for Cobuy's HTTP API (docs/API.md). Every call goes to the same origin with the
// session cookie; state-changing calls carry the CSRF token from the `cobuy_csrf` cookie.
// Errors arrive as RFC 9457 problem details and are thrown as ApiError.

export type Language = 'en' | 'de' | 'fr';
export type Role = 'platform_admin' | 'org_admin' | 'buyer' | 'market_actor' | 'observer';
export type PersonStatus = 'active' | 'pending' | 'disabled';

export interface OrganisationSummary {
  id: number;
  name: string;
  type: string;
  country: string;
  nuts: string;
  eligible: boolean;
}

export interface Identifier {
  scheme: string;
  id: string;
}

export interface Organisation extends OrganisationSummary {
  identifiers: Identifier[];
  annual_budget_eur: number | null;
  created_at: string;
  updated_at: string;
}

export interface Person {
  id: number;
  email: string;
  name: string;
  role: Role;
  status: PersonStatus;
}

export interface Me extends Person {
  language: Language;
  csrf_token: string;
  organisation: OrganisationSummary;
}

export interface Invitation {
  email: string;
  role: Role;
  organisation: { id: number; name: string };
  expires_at: string;
}

export interface CreatedInvitation {
  id: number;
  email: string;
  role: Role;
  expires_at: string;
}

export interface CpvMatch {
  code: string;
  label: string;
  level: string;
  matched_language: string;
  matched_label: string;
}

export interface Country {
  code: string;
  name: string;
  flag: string;
  eu: boolean;
  eea: boolean;
  efta: boolean;
  eligible: boolean;
}

export interface NutsRegion {
  code: string;
  name: string;
  level: number;
  parent: string | null;
}

export type OrganisationChanges = Partial<
  Pick<Organisation, 'name' | 'type' | 'country' | 'nuts' | 'identifiers' | 'annual_budget_eur'>
>;

export interface FieldError {
  field: string;
  detail: string;
}

/** A failed API call: the problem details the server sent, or status 0 when it could not be reached. */
export class ApiError extends Error {
  readonly status: number;
  readonly type: string;
  readonly title: string;
  readonly detail: string;
  readonly errors: FieldError[];
  /** Seconds from the Retry-After header (429), if given. */
  readonly retryAfter: number | null;

  constructor(init: {
    status: number;
    type?: string;
    title?: string;
    detail?: string;
    errors?: FieldError[];
    retryAfter?: number | null;
  }) {
    super(init.detail || init.title || `HTTP ${init.status}`);
    this.name = 'ApiError';
    this.status = init.status;
    this.type = init.type ?? 'about:blank';
    this.title = init.title ?? '';
    this.detail = init.detail ?? '';
    this.errors = init.errors ?? [];
    this.retryAfter = init.retryAfter ?? null;
  }

  /** The last segment of the problem type: "validation", "unauthenticated", "csrf", ... */
  get kind(): string {
    const slash = this.type.lastIndexOf('/');
    return slash >= 0 ? this.type.slice(slash + 1) : this.type;
  }

  /** The detail the server gave for one field, if any. */
  fieldError(field: string): string | undefined {
    return this.errors.find((e) => e.field === field)?.detail;
  }
}

export const CSRF_COOKIE = 'cobuy_csrf';
export const CSRF_HEADER = 'X-CSRF-Token';
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function readCookie(name: string): string | null {
  if (typeof document === 'undefined') return null;
  for (const part of document.cookie.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      const value = part.slice(eq + 1).trim();
      try {
        return value ? decodeURIComponent(value) : null;
      } catch {
        return value || null;
      }
    }
  }
  return null;
}

function asFieldErrors(value: unknown): FieldError[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((e): e is Record<string, unknown> => typeof e === 'object' && e !== null)
    .map((e) => ({ field: String(e.field ?? ''), detail: String(e.detail ?? '') }));
}

/** Turns a failed response into an ApiError, reading problem+json (or plain JSON) bodies. */
export async function problemFrom(res: Response): Promise<ApiError> {
  const header = res.headers.get('Retry-After');
  const seconds = header !== null && /^\d+$/.test(header.trim()) ? Number(header.trim()) : null;
  let body: Record<string, unknown> = {};
  const contentType = res.headers.get('Content-Type') ?? '';
  if (contentType.includes('json')) {
    try {
      const parsed: unknown = await res.json();
      if (typeof parsed === 'object' && parsed !== null) body = parsed as Record<string, unknown>;
    } catch {
      // an unreadable body leaves only the status
    }
  }
  return new ApiError({
    status: typeof body.status === 'number' ? body.status : res.status,
    type: typeof body.type === 'string' ? body.type : 'about:blank',
    title: typeof body.title === 'string' ? body.title : res.statusText,
    detail: typeof body.detail === 'string' ? body.detail : '',
    errors: asFieldErrors(body.errors),
    retryAfter: seconds,
  });
}

async function send(method: string, path: string, body: unknown, csrf: string | null): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (csrf) headers[CSRF_HEADER] = csrf;
  try {
    return await fetch(path, {
      method,
      credentials: 'same-origin',
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError({ status: 0, type: 'network', title: 'Network error', detail: '' });
  }
}

/** The CSRF token to send: the cookie's value, or a fresh one from GET /api/v1/csrf. */
export async function csrfToken(refresh = false): Promise<string> {
  if (!refresh) {
    const cookie = readCookie(CSRF_COOKIE);
    if (cookie) return cookie;
  }
  const res = await send('GET', '/api/v1/csrf', undefined, null);
  if (!res.ok) throw await problemFrom(res);
  const data = (await res.json()) as { csrf_token?: unknown };
  if (typeof data.csrf_token !== 'string' || !data.csrf_token) {
    throw new ApiError({ status: res.status, title: 'No CSRF token' });
  }
  return readCookie(CSRF_COOKIE) ?? data.csrf_token;
}

function isCsrfProblem(e: ApiError): boolean {
  return e.status === 403 && (e.kind === 'csrf' || /csrf/i.test(e.detail));
}

export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const changing = STATE_CHANGING.has(method);
  let res = await send(method, path, body, changing ? await csrfToken() : null);
  if (!res.ok) {
    let err = await problemFrom(res);
    if (changing && isCsrfProblem(err)) {
      // The cookie went stale (another tab signed out or in): fetch the current token, try once more.
      res = await send(method, path, body, await csrfToken(true));
      if (!res.ok) err = await problemFrom(res);
    }
    if (!res.ok) throw err;
  }
  if (res.status === 204 || res.headers.get('Content-Length') === '0') return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** One process of the contract register (GET /api/v1/contracts). */
export interface ContractSummary {
  ocid: string;
  title: string;
  buyer: string;
  country: string | null;
  status: string | null;
  date: string;
  end_date: string | null;
  cpv: string | null;
  framework: boolean;
  value_eur: number | null;
  releases: number;
}

export interface ContractPage {
  total: number;
  offset: number;
  limit: number;
  items: ContractSummary[];
}

/** Search filters as they travel in the query string (docs: /api/v1/contracts/search). */
export const SEARCH_KEYS = [
  'q',
  'cpv',
  'country',
  'nuts',
  'buyer_type',
  'method',
  'instrument',
  'status',
  'year',
  'value_min',
  'value_max',
  'tender_from',
  'tender_to',
  'award_from',
  'award_to',
  'end_from',
  'end_to',
  'ends_within',
  'buyer',
  'supplier',
  'unit_prices',
  'sort',
  'order',
  'offset',
  'limit',
] as const;
export type SearchKey = (typeof SEARCH_KEYS)[number];
/** Only `instrument` repeats; every other key has one value. */
export type SearchParams = Partial<Record<Exclude<SearchKey, 'instrument'>, string>> & { instrument?: string[] };

export type Instrument = 'framework' | 'dps' | 'cpb';
export type FacetName =
  | 'cpv_division'
  | 'cpv_group'
  | 'country'
  | 'nuts'
  | 'buyer_type'
  | 'method'
  | 'instrument'
  | 'status'
  | 'year';

export interface FacetValue {
  value: string;
  label: string;
  count: number;
}

export interface SnippetSegment {
  text: string;
  mark: boolean;
}

export interface SearchHit {
  ocid: string;
  title: string;
  buyer: string;
  buyer_id: string | null;
  country: string | null;
  supplier: string | null;
  suppliers: string[];
  value_eur: number | null;
  end_date: string | null;
  date: string;
  main_cpv: string | null;
  status: string | null;
  framework: boolean;
  dps: boolean;
  cpb: boolean;
  snippet: SnippetSegment[];
}

export interface SearchResult {
  total: number;
  offset: number;
  limit: number;
  hits: SearchHit[];
  facets: Partial<Record<FacetName, FacetValue[]>>;
}

/** The query string (without "?") for `params`, keys in a stable order, empty values left out. */
export function searchQuery(params: SearchParams, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams();
  for (const key of SEARCH_KEYS) {
    if (key === 'instrument') {
      for (const v of params.instrument ?? []) if (v) q.append('instrument', v);
      continue;
    }
    const v = params[key];
    if (v !== undefined && v !== '') q.set(key, v);
  }
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  return q.toString();
}

/** Reads search parameters from a query string or a saved search's params object; unknown keys are dropped. */
export function parseSearchParams(input: string | URLSearchParams | Record<string, unknown>): SearchParams {
  const out: SearchParams = {};
  const asString = (v: unknown) => (v === null || v === undefined ? '' : String(v));
  if (typeof input === 'string' || input instanceof URLSearchParams) {
    const q = typeof input === 'string' ? new URLSearchParams(input) : input;
    for (const key of SEARCH_KEYS) {
      if (key === 'instrument') {
        const all = q.getAll('instrument').filter(Boolean);
        if (all.length) out.instrument = all;
      } else {
        const v = q.get(key);
        if (v) out[key] = v;
      }
    }
    return out;
  }
  for (const key of SEARCH_KEYS) {
    const v = input[key];
    if (v === undefined || v === null || v === '') continue;
    if (key === 'instrument') {
      const all = (Array.isArray(v) ? v : [v]).map(asString).filter(Boolean);
      if (all.length) out.instrument = all;
    } else {
      out[key] = Array.isArray(v) ? asString(v[0]) : asString(v);
    }
  }
  return out;
}

export interface Money {
  amount: number;
  currency: string;
  eur: number | null;
}

export interface Contact {
  name: string | null;
  email: string | null;
  telephone: string | null;
  url: string | null;
}

export type Verdict = 'likely_usable' | 'not_usable' | 'ask_lead_buyer';

export interface EligibilityReason {
  code: string;
  params: Record<string, string>;
}

export interface Eligibility {
  framework: boolean;
  dps: boolean;
  cpb: boolean;
  buyer_categories: string | null;
  max_participants: number | null;
  end_date: string | null;
  verdict: Verdict;
  reasons: EligibilityReason[];
}

export interface ContractDetail {
  ocid: string;
  title: string;
  description: string | null;
  language: string | null;
  status: string | null;
  procurement_method: string | null;
  procurement_method_details: string | null;
  main_category: string | null;
  main_cpv: { code: string; label: string } | null;
  buyer: {
    name: string;
    id: string | null;
    country: string | null;
    region: string | null;
    address: string | null;
    contact: Contact | null;
  };
  procuring_entity: string | null;
  value: Money | null;
  awarded_eur: number | null;
  contracted_eur: number | null;
  tender_period: { start: string | null; end: string | null } | null;
  award_date: string | null;
  contract_period: { start: string | null; end: string | null } | null;
  timeline: Array<{ date: string; release_id: string; tags: string[]; changes: string[] }>;
  lots: Array<{ id: string; title: string | null; status: string | null; value_eur: number | null }>;
  items: Array<{
    source: string;
    description: string | null;
    cpv: string | null;
    cpv_label: string | null;
    quantity: number | null;
    unit: string | null;
    unit_price: Money | null;
  }>;
  suppliers: Array<{ name: string; id: string | null; country: string | null }>;
  documents: Array<{
    title: string | null;
    url: string | null;
    type: string | null;
    format: string | null;
    date: string | null;
    source: string;
  }>;
  eligibility: Eligibility;
}

export interface SavedSearch {
  id: number;
  name: string;
  params: Record<string, unknown>;
  alerts: boolean;
  created_at: string;
  last_alert_at: string | null;
}

export interface AppNotification {
  id: number;
  kind: string;
  title: string;
  body: string;
  link: string;
  created_at: string;
  read: boolean;
}

/** A search's params as a saved search stores them: filters and sort, no paging; only instrument may be a list. */
export function savedParams(params: SearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of SEARCH_KEYS) {
    if (key === 'offset' || key === 'limit') continue;
    if (key === 'instrument') {
      const all = params.instrument ?? [];
      if (all.length === 1) out.instrument = all[0];
      else if (all.length > 1) out.instrument = all;
      continue;
    }
    const v = params[key];
    if (v) out[key] = v;
  }
  return out;
}

const enc = encodeURIComponent;

export const api = {
  signIn: (email: string, password: string) => request<Me>('POST', '/api/v1/session', { email, password }),
  signOut: () => request<void>('DELETE', '/api/v1/session'),
  me: () => request<Me>('GET', '/api/v1/me'),
  updateMe: (changes: { name?: string; language?: Language }) => request<Me>('PATCH', '/api/v1/me', changes),
  signUp: (input: { email: string; name: string; password: string; organisation_id: number }) =>
    request<{ status: string }>('POST', '/api/v1/signup', input),
  invitation: (token: string) => request<Invitation>('GET', `/api/v1/invitations/${enc(token)}`),
  acceptInvitation: (token: string, input: { name: string; password: string }) =>
    request<Person>('POST', `/api/v1/invitations/${enc(token)}/accept`, input),
  organisations: () =>
    request<{ organisations: OrganisationSummary[] }>('GET', '/api/v1/organisations').then((r) => r.organisations),
  organisation: (id: number) => request<Organisation>('GET', `/api/v1/organisations/${id}`),
  updateOrganisation: (id: number, changes: OrganisationChanges) =>
    request<Organisation>('PATCH', `/api/v1/organisations/${id}`, changes),
  people: (orgId: number) =>
    request<{ people: Person[] }>('GET', `/api/v1/organisations/${orgId}/people`).then((r) => r.people),
  invite: (orgId: number, email: string, role: Role) =>
    request<CreatedInvitation>('POST', `/api/v1/organisations/${orgId}/invitations`, { email, role }),
  approve: (orgId: number, userId: number) =>
    request<Person>('POST', `/api/v1/organisations/${orgId}/people/${userId}/approve`),
  decline: (orgId: number, userId: number) =>
    request<void>('POST', `/api/v1/organisations/${orgId}/people/${userId}/decline`),
  cpv: (q: string, lang: Language, limit = 10, signal?: AbortSignal) =>
    cpvSearch(q, lang, limit, signal),
  countries: (lang: Language) =>
    request<{ countries: Country[] }>('GET', `/api/v1/countries?lang=${lang}`).then((r) => r.countries),
  nuts: (country: string) =>
    request<{ regions: NutsRegion[] }>('GET', `/api/v1/nuts?country=${enc(country)}`).then((r) => r.regions),
  contracts: (offset: number, limit: number) =>
    request<ContractPage>('GET', `/api/v1/contracts?offset=${offset}&limit=${limit}`),
  searchContracts: (params: SearchParams, lang: Language, signal?: AbortSignal) =>
    getJson<SearchResult>(`/api/v1/contracts/search?${searchQuery(params, { lang })}`, signal).then(normalizeSearch),
  /** The address of the CSV or OCDS download of the search's whole result set (a plain link). */
  exportUrl: (format: 'csv' | 'ocds', params: SearchParams) => {
    const rest: SearchParams = { ...params, offset: undefined, limit: undefined };
    return `/api/v1/contracts/search/export?${searchQuery(rest, { format })}`;
  },
  contract: (ocid: string, lang: Language, signal?: AbortSignal) =>
    getJson<ContractDetail>(`/api/v1/contracts/${enc(ocid)}?lang=${lang}`, signal).then(normalizeContract),
  savedSearches: () =>
    request<{ items: SavedSearch[] }>('GET', '/api/v1/saved-searches').then((r) => r.items),
  createSavedSearch: (input: { name: string; params: Record<string, string | string[]>; alerts: boolean }) =>
    request<SavedSearch>('POST', '/api/v1/saved-searches', input),
  deleteSavedSearch: (id: number) => request<void>('DELETE', `/api/v1/saved-searches/${id}`),
  notifications: () => request<{ unread: number; items: AppNotification[] }>('GET', '/api/v1/notifications'),
  markNotificationRead: (id: number) => request<void>('POST', `/api/v1/notifications/${id}/read`),
  organisationTypes: () =>
    request<{ types: string[] }>('GET', '/api/v1/organisation-types').then((r) => r.types),
};

// Lists the API promises are read as lists even when a field is left out, so one missing field
// cannot take a whole page down.
function normalizeSearch(r: SearchResult): SearchResult {
  return {
    ...r,
    hits: (r.hits ?? []).map((h) => ({ ...h, suppliers: h.suppliers ?? [], snippet: h.snippet ?? [] })),
    facets: r.facets ?? {},
  };
}

function normalizeContract(c: ContractDetail): ContractDetail {
  return {
    ...c,
    buyer: c.buyer ?? { name: '', id: null, country: null, region: null, address: null, contact: null },
    timeline: (c.timeline ?? []).map((r) => ({ ...r, tags: r.tags ?? [], changes: r.changes ?? [] })),
    lots: c.lots ?? [],
    items: c.items ?? [],
    suppliers: c.suppliers ?? [],
    documents: c.documents ?? [],
    eligibility: c.eligibility ? { ...c.eligibility, reasons: c.eligibility.reasons ?? [] } : c.eligibility,
  };
}

// A cancellable GET: a newer search or page replaces one still under way.
async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, {
      credentials: 'same-origin',
      headers: { Accept: 'application/json, application/problem+json' },
      signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError({ status: 0, type: 'network', title: 'Network error' });
  }
  if (!res.ok) throw await problemFrom(res);
  return (await res.json()) as T;
}

// The CPV search is cancellable: the picker aborts a lookup the user has typed past.
async function cpvSearch(q: string, lang: Language, limit: number, signal?: AbortSignal): Promise<CpvMatch[]> {
  const url = `/api/v1/cpv?q=${enc(q)}&lang=${lang}&limit=${limit}`;
  let res: Response;
  try {
    res = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' }, signal });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError({ status: 0, type: 'network', title: 'Network error' });
  }
  if (!res.ok) throw await problemFrom(res);
  const data = (await res.json()) as { results?: CpvMatch[] };
  return data.results ?? [];
}
