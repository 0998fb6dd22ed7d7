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
  organisationTypes: () =>
    request<{ types: string[] }>('GET', '/api/v1/organisation-types').then((r) => r.types),
};

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
