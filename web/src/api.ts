// The client for Cobuy's HTTP API (docs/API.md). Every call goes to the same origin with the
// session cookie; state-changing calls carry the CSRF token from the `cobuy_csrf` cookie.
// Errors arrive as RFC 9457 problem details and are thrown as ApiError.

export type Language = 'en' | 'de' | 'fr';
export type Role = 'platform_admin' | 'org_admin' | 'buyer' | 'market_actor' | 'observer';
export type PersonStatus = 'active' | 'pending' | 'disabled';
/** A register identifier's claim: pending until the secretariat approves it. */
export type IdentifierStatus = 'approved' | 'pending';

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
  /** Set by the server; a client may send it back, it is ignored. */
  status?: IdentifierStatus;
}

/** A pending claim of a register identifier (GET /api/v1/identifier-claims). */
export interface IdentifierClaim {
  organisation: { id: number; name: string };
  scheme: string;
  id: string;
  register_name: string;
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
/** The name `cobuy serve --secure-cookies` gives the CSRF cookie (bound to the host, HTTPS only). */
export const SECURE_CSRF_COOKIE = '__Host-cobuy_csrf';
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

async function send(method: string, path: string, body: unknown, csrf: string | null, raw?: Blob): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
  if (raw) headers['Content-Type'] = raw.type || 'application/octet-stream';
  else if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (csrf) headers[CSRF_HEADER] = csrf;
  try {
    return await fetch(path, {
      method,
      credentials: 'same-origin',
      headers,
      body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
  } catch {
    throw new ApiError({ status: 0, type: 'network', title: 'Network error', detail: '' });
  }
}

/** The CSRF token to send: the cookie's value, or a fresh one from GET /api/v1/csrf. */
export async function csrfToken(refresh = false): Promise<string> {
  if (!refresh) {
    const cookie = readCsrfCookie();
    if (cookie) return cookie;
  }
  const res = await send('GET', '/api/v1/csrf', undefined, null);
  if (!res.ok) throw await problemFrom(res);
  const data = (await res.json()) as { csrf_token?: unknown };
  if (typeof data.csrf_token !== 'string' || !data.csrf_token) {
    throw new ApiError({ status: res.status, title: 'No CSRF token' });
  }
  return readCsrfCookie() ?? data.csrf_token;
}

/** The CSRF cookie's value under either of its names. */
function readCsrfCookie(): string | null {
  return readCookie(SECURE_CSRF_COOKIE) ?? readCookie(CSRF_COOKIE);
}

function isCsrfProblem(e: ApiError): boolean {
  return e.status === 403 && (e.kind === 'csrf' || /csrf/i.test(e.detail));
}

export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  return exchange<T>(method, path, body);
}

/** Sends a file's bytes as the request body (POST, with the CSRF header), e.g. a document upload. */
export async function upload<T>(path: string, file: Blob): Promise<T> {
  return exchange<T>('POST', path, undefined, file);
}

async function exchange<T>(method: string, path: string, body: unknown, raw?: Blob): Promise<T> {
  const changing = STATE_CHANGING.has(method);
  let res = await send(method, path, body, changing ? await csrfToken() : null, raw);
  if (!res.ok) {
    let err = await problemFrom(res);
    if (changing && isCsrfProblem(err)) {
      // The cookie went stale (another tab signed out or in): fetch the current token, try once more.
      res = await send(method, path, body, await csrfToken(true), raw);
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

/** One page of a list the server pages (saved searches, a community's documents). */
export interface ListPage<T> {
  total: number;
  offset: number;
  limit: number;
  items: T[];
}

/** How many saved searches or documents the app asks for at a time (the server allows 1-100). */
export const LIST_PAGE = 20;

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

// Step 4: communities, workspaces, events, outcome figures, staff exchanges (docs/COMMUNITIES.md).

export const COMMUNITY_KINDS = ['community_of_practice', 'working_group', 'interest_group', 'observer_group'] as const;
export type CommunityKind = (typeof COMMUNITY_KINDS)[number];
export type Openness = 'open' | 'closed';
export const COMMUNITY_ROLES = ['leader', 'core', 'member', 'observer'] as const;
export type CommunityRole = (typeof COMMUNITY_ROLES)[number];
export type MembershipStatus = 'active' | 'requested' | 'invited';

export interface Capabilities {
  view_workspace: boolean;
  contribute: boolean;
  plan: boolean;
  manage: boolean;
}

export interface Community {
  id: number;
  name: string;
  kind: CommunityKind;
  openness: Openness;
  aim: string;
  entry_requirements: string;
  topic: string;
  created_at: string;
  member_count: number;
  member_organisations: Array<{ id: number; name: string; country: string }>;
  published_outputs?: Output[];
  my: { role: CommunityRole; status: MembershipStatus } | null;
  can: Capabilities;
  /** Step 5, if the server sends it: the needs assessment the working group was formed from. */
  assessment_id?: number | null;
}

export interface CommunityInput {
  name: string;
  kind: CommunityKind;
  openness: Openness;
  aim: string;
  entry_requirements?: string;
  topic?: string;
}

export interface Member {
  user_id: number;
  name: string;
  email?: string;
  organisation: { id: number; name: string; country: string };
  role: CommunityRole;
  status: MembershipStatus;
  joined_at: string | null;
  note: string | null;
}

export interface PersonRef {
  id: number;
  name: string;
}

export interface Thread {
  id: number;
  title: string;
  author: PersonRef;
  created_at: string;
  last_post_at: string;
  posts: number;
}

export interface Post {
  id: number;
  author: { id: number; name: string; organisation: string };
  body: string;
  created_at: string;
  edited_at: string | null;
  versions: number;
  hidden: boolean;
  hidden_reason: string | null;
  mentions: PersonRef[];
}

export interface ThreadDetail extends Thread {
  items: Post[];
}

export interface DocumentVersion {
  version: number;
  filename: string;
  media_type: string;
  size: number;
  sha256: string;
  uploaded_at: string;
  uploaded_by: PersonRef;
}

export interface CommunityDocument {
  id: number;
  title: string;
  created_at: string;
  created_by: PersonRef;
  versions: DocumentVersion[];
}

export const EVENT_KINDS = [
  'online_meeting',
  'in_person_meeting',
  'study_visit',
  'site_visit',
  'factory_visit',
  'market_engagement',
  'pitching_session',
  'industry_meeting',
  'staff_exchange',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export interface CommunityEvent {
  id: number;
  community_id: number;
  kind: EventKind;
  title: string;
  agenda: string;
  starts_at: string;
  ends_at: string;
  time_zone: string;
  starts_at_utc: string;
  ends_at_utc: string;
  place: string;
  online_url: string;
  status: 'scheduled' | 'cancelled';
  minutes: string;
  created_at: string;
  invited: Array<{ id: number; name: string; organisation: string; guest: boolean }>;
  registered: Array<{ id: number; name: string; organisation: string; attended: boolean }>;
  me: { invited: boolean; registered: boolean; attended: boolean };
}

export interface EventInput {
  kind: EventKind;
  title: string;
  agenda?: string;
  starts_at: string;
  ends_at: string;
  time_zone: string;
  place?: string;
  online_url?: string;
}

export type Ambition = 'low' | 'medium' | 'high';
export type ActivityStatus = 'planned' | 'in_progress' | 'done' | 'cancelled';

export interface Objective {
  id: number;
  title: string;
  ambition: Ambition;
}

export interface Activity {
  id: number;
  objective_id: number | null;
  title: string;
  owner: PersonRef | null;
  due: string;
  status: ActivityStatus;
}

export interface WorkPlan {
  objectives: Objective[];
  activities: Activity[];
}

export const OUTPUT_KINDS = [
  'joint_tender_specification',
  'criteria_set',
  'statement_of_demand',
  'declaration_of_intent',
  'report',
] as const;
export type OutputKind = (typeof OUTPUT_KINDS)[number];

export interface Output {
  id: number;
  kind: OutputKind;
  title: string;
  summary: string;
  document_id: number | null;
  published: boolean;
  published_at: string | null;
  created_at: string;
  signatories: Array<{ id: number; name: string; country: string; signed_at: string }>;
}

export interface Figures {
  communities: number;
  member_organisations: number;
  combined_budget_eur: number;
  meetings: Record<string, number>;
  meetings_total: number;
  online_meetings: number;
  market_engagement_sessions: number;
  companies_engaged: number;
  site_visits: number;
  factory_visits: number;
  study_visits: number;
  documents_shared: number;
  posts: number;
}

export interface CommunityFigures extends Figures {
  id: number;
  name: string;
  kind: CommunityKind;
}

export interface PlatformFigures {
  platform: Figures;
  communities: CommunityFigures[];
  report: string;
}

export interface Health {
  community_id: number;
  name: string;
  flags: Array<{ code: string; detail: string }>;
}

export type ExchangeKind = 'offer' | 'request';

export interface Exchange {
  id: number;
  kind: ExchangeKind;
  person: PersonRef;
  organisation: { id: number; name: string; country: string };
  topic: string;
  description: string;
  starts_on: string;
  ends_on: string;
  status: 'open' | 'matched' | 'done';
  matched_with: number | null;
  community_id: number | null;
  report_document_id: number | null;
  created_at: string;
}

export interface ExchangeInput {
  kind: ExchangeKind;
  topic: string;
  description: string;
  starts_on: string;
  ends_on: string;
  community_id?: number;
}

export interface ExchangeMatch {
  exchange: Exchange;
  score: number;
  overlap_days: number;
  shared_words: string[];
}

export interface NotificationPreferences {
  digest: 'daily' | 'off';
  in_app: { mentions: boolean; events: boolean; membership: boolean; health: boolean };
}

export interface MarketActor {
  id: number;
  name: string;
  organisation: string;
}

const enc = encodeURIComponent;
const C = (id: number) => `/api/v1/communities/${id}`;
const items = <T,>(p: Promise<{ items?: T[] }>) => p.then((r) => r.items ?? []);

/** The address of a document version's download (a plain link). */
export function downloadUrl(communityId: number, documentId: number, version: number): string {
  return `${C(communityId)}/documents/${documentId}/versions/${version}/download`;
}

/** The community's calendar (iCalendar) for the signed-in member. */
export function calendarUrl(communityId: number): string {
  return `${C(communityId)}/calendar.ics`;
}

export const communityApi = {
  list: () => items(request<{ items: Community[] }>('GET', '/api/v1/communities')),
  create: (input: CommunityInput) => request<Community>('POST', '/api/v1/communities', input),
  get: (id: number) => request<Community>('GET', C(id)).then(normalizeCommunity),
  join: (id: number, note?: string) =>
    request<{ role: CommunityRole; status: MembershipStatus }>('POST', `${C(id)}/join`, note ? { note } : {}),
  leave: (id: number) => request<void>('DELETE', `${C(id)}/members/me`),
  members: (id: number) => items(request<{ items: Member[] }>('GET', `${C(id)}/members`)),
  inviteMember: (id: number, email: string, role: CommunityRole) =>
    request<Member>('POST', `${C(id)}/members`, { email, role }),
  updateMember: (id: number, userId: number, change: { role: CommunityRole } | { status: 'active' }) =>
    request<Member>('PATCH', `${C(id)}/members/${userId}`, change),
  removeMember: (id: number, userId: number) => request<void>('DELETE', `${C(id)}/members/${userId}`),
  threads: (id: number) => items(request<{ items: Thread[] }>('GET', `${C(id)}/threads`)),
  createThread: (id: number, input: { title: string; body: string; mentions?: number[] }) =>
    request<Thread>('POST', `${C(id)}/threads`, input),
  thread: (id: number, tid: number) =>
    request<ThreadDetail>('GET', `${C(id)}/threads/${tid}`).then((t) => ({ ...t, items: t.items ?? [] })),
  reply: (id: number, tid: number, input: { body: string; mentions?: number[] }) =>
    request<Post>('POST', `${C(id)}/threads/${tid}/posts`, input),
  editPost: (id: number, pid: number, body: string) => request<Post>('PATCH', `${C(id)}/posts/${pid}`, { body }),
  hidePost: (id: number, pid: number, reason: string) => request<Post>('POST', `${C(id)}/posts/${pid}/hide`, { reason }),
  /** A page of the community's documents, newest first, each with all its versions. */
  documents: (id: number, offset = 0, limit = LIST_PAGE) =>
    request<ListPage<CommunityDocument>>('GET', `${C(id)}/documents?offset=${offset}&limit=${limit}`),
  uploadDocument: (id: number, title: string, file: File) =>
    upload<CommunityDocument>(`${C(id)}/documents?title=${enc(title)}&filename=${enc(file.name)}`, file),
  uploadVersion: (id: number, did: number, file: File) =>
    upload<CommunityDocument>(`${C(id)}/documents/${did}/versions?filename=${enc(file.name)}`, file),
  events: (id: number) => items(request<{ items: CommunityEvent[] }>('GET', `${C(id)}/events`)).then((l) => l.map(normalizeEvent)),
  createEvent: (id: number, input: EventInput) => request<CommunityEvent>('POST', `${C(id)}/events`, input).then(normalizeEvent),
  event: (id: number, eid: number) => request<CommunityEvent>('GET', `${C(id)}/events/${eid}`).then(normalizeEvent),
  updateEvent: (id: number, eid: number, changes: Partial<EventInput> & { status?: string; minutes?: string }) =>
    request<CommunityEvent>('PATCH', `${C(id)}/events/${eid}`, changes).then(normalizeEvent),
  inviteToEvent: (id: number, eid: number, userIds: number[]) =>
    request<CommunityEvent>('POST', `${C(id)}/events/${eid}/invitations`, { user_ids: userIds }).then(normalizeEvent),
  register: (id: number, eid: number) =>
    request<CommunityEvent>('POST', `${C(id)}/events/${eid}/registration`).then(normalizeEvent),
  unregister: (id: number, eid: number) =>
    request<CommunityEvent | undefined>('DELETE', `${C(id)}/events/${eid}/registration`).then((e) => (e ? normalizeEvent(e) : undefined)),
  attendance: (id: number, eid: number, attended: number[]) =>
    request<CommunityEvent>('PUT', `${C(id)}/events/${eid}/attendance`, { attended }).then(normalizeEvent),
  marketActors: (q: string) => items(request<{ items: MarketActor[] }>('GET', `/api/v1/market-actors?q=${enc(q)}`)),
  workPlan: (id: number) =>
    request<WorkPlan>('GET', `${C(id)}/work-plan`).then((w) => ({ objectives: w.objectives ?? [], activities: w.activities ?? [] })),
  addObjective: (id: number, input: { title: string; ambition: Ambition }) =>
    request<Objective>('POST', `${C(id)}/work-plan/objectives`, input),
  addActivity: (id: number, input: { title: string; objective_id?: number; owner_id?: number; due: string; status?: ActivityStatus }) =>
    request<Activity>('POST', `${C(id)}/work-plan/activities`, input),
  updateActivity: (id: number, aid: number, changes: { status?: ActivityStatus }) =>
    request<Activity>('PATCH', `${C(id)}/work-plan/activities/${aid}`, changes),
  outputs: (id: number) => items(request<{ items: Output[] }>('GET', `${C(id)}/outputs`)).then((l) => l.map(normalizeOutput)),
  createOutput: (id: number, input: { kind: OutputKind; title: string; summary: string; document_id?: number }) =>
    request<Output>('POST', `${C(id)}/outputs`, input).then(normalizeOutput),
  updateOutput: (id: number, oid: number, changes: { published?: boolean; title?: string; summary?: string }) =>
    request<Output>('PATCH', `${C(id)}/outputs/${oid}`, changes).then(normalizeOutput),
  sign: (id: number, oid: number) => request<Output>('POST', `${C(id)}/outputs/${oid}/signatories`).then(normalizeOutput),
  figures: (id: number) => request<Figures>('GET', `${C(id)}/figures`),
  platformFigures: (lang: Language) => request<PlatformFigures>('GET', `/api/v1/figures?lang=${lang}`),
  health: () => items(request<{ items: Health[] }>('GET', '/api/v1/health')),
  exchanges: () => items(request<{ items: Exchange[] }>('GET', '/api/v1/exchanges')),
  createExchange: (input: ExchangeInput) => request<Exchange>('POST', '/api/v1/exchanges', input),
  matches: (xid: number) => items(request<{ items: ExchangeMatch[] }>('GET', `/api/v1/exchanges/${xid}/matches`)),
  match: (xid: number, other: number) => request<Exchange>('POST', `/api/v1/exchanges/${xid}/match`, { with: other }),
  uploadReport: (xid: number, file: File) => upload<Exchange>(`/api/v1/exchanges/${xid}/report?filename=${enc(file.name)}`, file),
  preferences: () => request<NotificationPreferences>('GET', '/api/v1/me/notification-preferences'),
  savePreferences: (prefs: NotificationPreferences) =>
    request<NotificationPreferences>('PUT', '/api/v1/me/notification-preferences', prefs),
  calendarToken: () => request<{ token: string; personal_url: string }>('POST', '/api/v1/me/calendar-token'),
};

// Step 5: needs assessments and working-group formation (docs/ASSESSMENTS.md, docs/GROUPS.md).

export type AssessmentStatus = 'draft' | 'open' | 'closed';
export type ResponseStatus = 'not_started' | 'started' | 'submitted';
export const INTEREST_LEVELS = [0, 1, 2, 3] as const;
export type Interest = (typeof INTEREST_LEVELS)[number];
export const AREA_ROLES = ['lead', 'buyer', 'follower'] as const;
export type AreaRole = (typeof AREA_ROLES)[number];

export interface Area {
  id: number;
  key: string;
  name: string;
  description: string;
  cpv: string[];
}

export interface OrganisationRef {
  id: number;
  name: string;
  country: string;
}

export interface PlannedProcurement {
  cpv: string;
  estimated_value_eur: number;
  timing: string;
  description: string;
}

export interface AreaAnswer {
  area_id: number;
  interest: Interest;
  role: AreaRole | null;
  planned: PlannedProcurement[];
}

export interface AssessmentResponse {
  organisation: OrganisationRef;
  status: ResponseStatus;
  observer_only: boolean;
  challenges: string;
  areas: AreaAnswer[];
  updated_at: string | null;
  updated_by: PersonRef | null;
  submitted_at: string | null;
}

export interface Assessment {
  id: number;
  title: string;
  description: string;
  months_ahead: number;
  opens_on: string;
  closes_on: string;
  status: AssessmentStatus;
  areas: Area[];
  invited: number;
  started: number;
  submitted: number;
  created_at: string;
  /** Only in GET /assessments/{id}. */
  commitment_note?: string;
  /** GET /assessments/{id}; a list item may carry it too. */
  my_response?: AssessmentResponse | null;
}

export interface AssessmentInput {
  title: string;
  description: string;
  months_ahead: number;
  opens_on: string;
  closes_on: string;
  areas: Array<{ key: string; name: string; description: string; cpv: string[] }>;
}

export interface ResponseInput {
  observer_only: boolean;
  challenges: string;
  areas: AreaAnswer[];
  submit: boolean;
}

export interface ProgressItem {
  organisation: OrganisationRef;
  status: ResponseStatus;
  updated_at: string | null;
}

export interface AreaAnalysis {
  area_id: number;
  key: string;
  name: string;
  interested: number;
  by_interest: Partial<Record<'1' | '2' | '3', number>>;
  leads: number;
  planned_value_eur: number;
  planned: number;
  countries: Array<{ code: string; count: number }>;
  challenges: string[];
}

export interface Analysis {
  areas: AreaAnalysis[];
  respondents: number;
  observer_only: number;
}

/** An (organisation, area) pair of the optimiser: "org-12" and an area key. */
export interface Assignment {
  organisation: string;
  area: string;
}

export interface FormationParameters {
  max_open_areas: number;
  open_areas?: string[];
  min_size?: number;
  max_size?: number;
  max_groups_per_organisation?: number;
  require_lead?: boolean;
  max_per_country?: number;
  pinned?: Assignment[];
  forbidden?: Assignment[];
}

export type SolveStatus = 'optimal' | 'infeasible' | 'time_limit';

export interface BindingConstraint {
  constraint: string;
  detail: string;
  area?: string;
  country?: string;
  organisation?: string;
}

export interface MembershipExplanation {
  area: string;
  in: boolean;
  interest?: number;
  code: string;
  reason: string;
}

export interface FormationResult {
  status: SolveStatus;
  objective: number | null;
  groups: Record<string, string[]>;
  gap: number | null;
  seconds: number;
  explanation: {
    binding: BindingConstraint[];
    organisations: Record<string, MembershipExplanation[]>;
    areas: Record<string, { open: boolean; code: string; reason: string }>;
    infeasible?: BindingConstraint;
  };
}

export interface Formation {
  id: number;
  created_at: string;
  parameters: FormationParameters;
  result: FormationResult;
  organisations: Record<string, { id: number; name: string }>;
}

export interface CreatedGroups {
  groups: Array<{ area: string; community_id: number }>;
  observer_group: number | null;
}

export type CommitmentDecision = 'commit' | 'decline';

const A = (id: number) => `/api/v1/assessments/${id}`;

/** The query string of GET /assessments/{id}/instance for some parameters (the scalar ones). */
export function instanceUrl(id: number, p: FormationParameters): string {
  const q = new URLSearchParams();
  q.set('max_open_areas', String(p.max_open_areas));
  if (p.open_areas?.length) q.set('open_areas', p.open_areas.join(','));
  if (p.min_size !== undefined) q.set('min_size', String(p.min_size));
  if (p.max_size !== undefined) q.set('max_size', String(p.max_size));
  if (p.max_groups_per_organisation !== undefined) q.set('max_groups_per_organisation', String(p.max_groups_per_organisation));
  if (p.require_lead !== undefined) q.set('require_lead', String(p.require_lead));
  if (p.max_per_country !== undefined) q.set('max_per_country', String(p.max_per_country));
  return `${A(id)}/instance?${q.toString()}`;
}

function normalizeAssessment(a: Assessment): Assessment {
  return { ...a, areas: (a.areas ?? []).map((x) => ({ ...x, cpv: x.cpv ?? [] })) };
}

function normalizeResponse(r: AssessmentResponse): AssessmentResponse {
  return { ...r, areas: (r.areas ?? []).map((x) => ({ ...x, planned: x.planned ?? [] })) };
}

function normalizeFormation(f: Formation): Formation {
  const r = f.result ?? ({} as FormationResult);
  const e = r.explanation ?? ({} as FormationResult['explanation']);
  return {
    ...f,
    parameters: f.parameters ?? { max_open_areas: 1 },
    organisations: f.organisations ?? {},
    result: {
      ...r,
      groups: r.groups ?? {},
      explanation: { ...e, binding: e.binding ?? [], organisations: e.organisations ?? {}, areas: e.areas ?? {} },
    },
  };
}

export const assessmentApi = {
  list: () => items(request<{ items: Assessment[] }>('GET', '/api/v1/assessments')).then((l) => l.map(normalizeAssessment)),
  create: (input: AssessmentInput) => request<Assessment>('POST', '/api/v1/assessments', input).then(normalizeAssessment),
  get: (id: number) =>
    request<Assessment>('GET', A(id)).then((a) => ({
      ...normalizeAssessment(a),
      my_response: a.my_response ? normalizeResponse(a.my_response) : null,
    })),
  update: (id: number, changes: Partial<Omit<AssessmentInput, 'areas'>>) =>
    request<Assessment>('PATCH', A(id), changes).then(normalizeAssessment),
  invite: (id: number, body: { all_eligible: true } | { organisation_ids: number[] }) =>
    request<{ invited: number }>('POST', `${A(id)}/invitations`, body),
  progress: (id: number) => items(request<{ items: ProgressItem[] }>('GET', `${A(id)}/progress`)),
  respond: (id: number, input: ResponseInput) => request<AssessmentResponse>('PUT', `${A(id)}/response`, input).then(normalizeResponse),
  analysis: (id: number) =>
    request<Analysis>('GET', `${A(id)}/analysis`).then((a) => ({
      ...a,
      areas: (a.areas ?? []).map((x) => ({ ...x, by_interest: x.by_interest ?? {}, countries: x.countries ?? [], challenges: x.challenges ?? [] })),
    })),
  formations: (id: number) => items(request<{ items: Formation[] }>('GET', `${A(id)}/formations`)).then((l) => l.map(normalizeFormation)),
  solve: (id: number, parameters: FormationParameters) =>
    request<Formation>('POST', `${A(id)}/formations`, parameters).then(normalizeFormation),
  createGroups: (id: number, fid: number) =>
    request<CreatedGroups>('POST', `${A(id)}/formations/${fid}/groups`).then((g) => ({ groups: g.groups ?? [], observer_group: g.observer_group ?? null })),
  commit: (communityId: number, decision: CommitmentDecision) =>
    request<{ role: CommunityRole; status: MembershipStatus }>('POST', `${C(communityId)}/commitment`, { decision }),
};

function normalizeCommunity(c: Community): Community {
  return {
    ...c,
    member_organisations: c.member_organisations ?? [],
    published_outputs: (c.published_outputs ?? []).map(normalizeOutput),
    can: c.can ?? { view_workspace: false, contribute: false, plan: false, manage: false },
  };
}

function normalizeEvent(e: CommunityEvent): CommunityEvent {
  return {
    ...e,
    invited: e.invited ?? [],
    registered: e.registered ?? [],
    me: e.me ?? { invited: false, registered: false, attended: false },
  };
}

function normalizeOutput(o: Output): Output {
  return { ...o, signatories: o.signatories ?? [] };
}

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
  disablePerson: (orgId: number, userId: number) =>
    request<Person>('POST', `/api/v1/organisations/${orgId}/people/${userId}/disable`),
  enablePerson: (orgId: number, userId: number) =>
    request<Person>('POST', `/api/v1/organisations/${orgId}/people/${userId}/enable`),
  removePerson: (orgId: number, userId: number) =>
    request<void>('DELETE', `/api/v1/organisations/${orgId}/people/${userId}`),
  changePassword: (input: { current_password: string; new_password: string }) =>
    request<void>('POST', '/api/v1/me/password', input),
  signOutEverywhere: () => request<void>('DELETE', '/api/v1/me/sessions'),
  requestPasswordReset: (email: string) => request<{ status: string }>('POST', '/api/v1/password-reset', { email }),
  resetPassword: (token: string, password: string) =>
    request<void>('POST', `/api/v1/password-reset/${enc(token)}`, { password }),
  confirmEmail: (token: string) => request<{ status: string }>('POST', `/api/v1/signup/${enc(token)}/confirm`),
  identifierClaims: () =>
    request<{ claims: IdentifierClaim[] }>('GET', '/api/v1/identifier-claims').then((r) => r.claims),
  decideIdentifierClaim: (decision: 'approve' | 'decline', claim: { organisation_id: number; scheme: string; id: string }) =>
    request<void>('POST', `/api/v1/identifier-claims/${decision}`, claim),
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
  /** A page of the person's saved searches, newest first. */
  savedSearches: (offset = 0, limit = LIST_PAGE) =>
    request<ListPage<SavedSearch>>('GET', `/api/v1/saved-searches?offset=${offset}&limit=${limit}`),
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

// Step 6: the shared pipeline, collaboration opportunities, price benchmarks and market views
// (docs/MARKET.md). Market actors get 403 on all of it.

export const PIPELINE_STATUSES = ['planned', 'preparing', 'tendering', 'awarded', 'cancelled'] as const;
export type PipelineStatus = (typeof PIPELINE_STATUSES)[number];
export type PipelineSource = 'cobuy' | 'ocds';

/** A buyer as the market views know it: a register identifier key, or "cobuy-<organisation id>". */
export interface MarketBuyer {
  id: string;
  name: string;
  country: string | null;
  organisation_id?: number | null;
}

export interface PipelineInterest {
  organisation: { id: number | null; name: string; country?: string | null };
  user: PersonRef | null;
  note: string | null;
  at: string;
}

export interface PipelineEntry {
  id: number;
  source: PipelineSource;
  ocid: string | null;
  organisation: { id: number | null; name: string; country: string | null };
  buyer: MarketBuyer | null;
  title: string;
  description: string | null;
  cpv: string;
  cpv_label: string | null;
  estimated_value: { amount: number; currency: string } | null;
  value_eur: number | null;
  planned_tender_date: string;
  contract_start: string | null;
  duration_months: number | null;
  region: string | null;
  open_to_collaboration: boolean;
  contact: { name: string | null; email: string | null } | null;
  status: PipelineStatus;
  status_changed_at: string | null;
  status_changed_by: PersonRef | null;
  interests: PipelineInterest[];
  watchers: number;
  watching: boolean;
  interested: boolean;
  editable: boolean;
  updated_at: string;
}

export interface PipelineInput {
  title: string;
  description?: string;
  cpv: string;
  estimated_value?: { amount: number; currency: string };
  planned_tender_date: string;
  contract_start?: string;
  duration_months?: number;
  region?: string;
  open_to_collaboration: boolean;
  contact_name?: string;
  contact_email?: string;
}

export type PipelineChanges = Partial<PipelineInput> & { status?: PipelineStatus };

/** The list's filters as they travel in the query string of /pipeline and GET /api/v1/pipeline. */
export const PIPELINE_FILTER_KEYS = ['organisation_id', 'cpv', 'from', 'to', 'status', 'collaboration', 'source'] as const;
export type PipelineFilters = Partial<Record<(typeof PIPELINE_FILTER_KEYS)[number], string>>;

/** The query string (without "?") of some filters, keys in a stable order, empty ones left out. */
export function pipelineQuery(filters: PipelineFilters): string {
  const q = new URLSearchParams();
  for (const key of PIPELINE_FILTER_KEYS) {
    const v = filters[key];
    if (v) q.set(key, v);
  }
  return q.toString();
}

export function parsePipelineFilters(search: string | URLSearchParams): PipelineFilters {
  const q = typeof search === 'string' ? new URLSearchParams(search) : search;
  const out: PipelineFilters = {};
  for (const key of PIPELINE_FILTER_KEYS) {
    const v = q.get(key);
    if (v) out[key] = v;
  }
  return out;
}

export type OpportunityAction = 'use_framework' | 'joint_procurement' | 'joint_market_engagement';

export interface OpportunityParams {
  cpv_digits?: number;
  min_buyers?: number;
  window_months?: number;
  as_of?: string;
  country?: string;
  mine?: boolean;
}

export interface OpportunityContract {
  ocid: string;
  title: string | null;
  buyer_id: string | null;
  end_date: string | null;
  value_eur: number | null;
  suppliers: string[];
  is_framework: boolean;
}

export interface OpportunityPipelineEntry {
  id: number;
  title: string;
  buyer_id: string | null;
  planned_tender_date: string;
  value_eur: number | null;
  open_to_collaboration: boolean;
}

/** The framework agreement an opportunity could use: its ocid, or the contract itself. */
export type FrameworkRef = string | { ocid: string; title?: string | null; buyer?: string | null; end_date?: string | null };

export interface Opportunity {
  key: string;
  cpv: string;
  cpv_label: string | null;
  buyers: MarketBuyer[];
  ocids: string[];
  contracts: OpportunityContract[];
  pipeline: OpportunityPipelineEntry[];
  suppliers: Array<{ id: string; name: string; buyers: string[]; shared: boolean }>;
  combined_value_eur: number;
  timing: { from: string; to: string; span_days: number };
  score: number;
  score_parts: { buyers: number; value: number; timing: number; shared_suppliers: number; pipeline: number };
  action: { code: OpportunityAction; framework: FrameworkRef | null; reason: string };
  mine: boolean;
}

export interface OpportunityResult {
  as_of: string;
  parameters: { cpv_digits: number; min_buyers: number; window_months: number };
  opportunities: Opportunity[];
}

/** The query string (without "?") of the opportunities' parameters. */
export function opportunityQuery(p: OpportunityParams): string {
  const q = new URLSearchParams();
  if (p.cpv_digits !== undefined) q.set('cpv_digits', String(p.cpv_digits));
  if (p.min_buyers !== undefined) q.set('min_buyers', String(p.min_buyers));
  if (p.window_months !== undefined) q.set('window_months', String(p.window_months));
  if (p.as_of) q.set('as_of', p.as_of);
  if (p.country) q.set('country', p.country);
  if (p.mine) q.set('mine', 'true');
  return q.toString();
}

export interface Benchmark {
  cpv: string;
  cpv_label: string | null;
  unit: string;
  unit_name: string | null;
  count: number | null;
  buyers: number;
  median_eur: number | null;
  q1_eur: number | null;
  q3_eur: number | null;
  min_eur: number | null;
  max_eur: number | null;
  outliers: number | null;
  withheld: boolean;
  histogram: Array<{ from: number; to: number; count: number }>;
}

export interface Benchmarks {
  min_peers: number;
  benchmarks: Benchmark[];
}

export type PriceFlag = 'high' | 'low' | null;

/** One priced item of a contract compared with the other buyers' prices (per common unit). */
export interface ContractPrice {
  description: string | null;
  cpv: string | null;
  quantity: number | null;
  unit: string | null;
  unit_price_eur: number | null;
  price_eur: number | null;
  peers: number;
  peer_median_eur: number | null;
  percentile: number | null;
  flag: PriceFlag;
  withheld: boolean;
}

/** An organisation's median price per CPV code and unit, compared with its peers'. */
export interface OrganisationPrice {
  cpv: string;
  cpv_label: string | null;
  unit: string;
  you_paid_eur: number | null;
  count: number;
  peers: number;
  peer_median_eur: number | null;
  q1_eur: number | null;
  q3_eur: number | null;
  percentile: number | null;
  flag: PriceFlag;
  withheld: boolean;
}

export interface OrganisationPrices {
  organisation: { id: number; name: string; country?: string | null };
  min_peers?: number;
  items: OrganisationPrice[];
}

export type ConcentrationLevel = 'low' | 'moderate' | 'high';

export interface MarketConcentration {
  cpv_class: string;
  cpv_label: string | null;
  country: string | null;
  contracts: number;
  total_eur: number;
  suppliers: number;
  hhi: number;
  level: ConcentrationLevel;
  top: Array<{ id: string; name: string; share: number }>;
}

export interface ConsolidationOpportunity {
  supplier: { id: string; name: string };
  cpv_class: string;
  cpv_label: string | null;
  buyers: MarketBuyer[];
  contracts: number;
  total_eur: number;
  ocids: string[];
}

export type WarningCode = 'single_bid' | 'short_submission';

export interface EarlyWarning {
  code: WarningCode;
  procedure: string;
  count: number;
  of: number;
  threshold_days: number | null;
  ocids: string[];
  advice: string;
}

const PIPE = '/api/v1/pipeline';

function normalizeEntry(e: PipelineEntry): PipelineEntry {
  return {
    ...e,
    organisation: e.organisation ?? { id: null, name: '', country: null },
    interests: e.interests ?? [],
    watchers: e.watchers ?? 0,
    watching: !!e.watching,
    interested: !!e.interested,
    editable: !!e.editable,
  };
}

function normalizeOpportunity(o: Opportunity): Opportunity {
  return {
    ...o,
    buyers: o.buyers ?? [],
    ocids: o.ocids ?? [],
    contracts: (o.contracts ?? []).map((c) => ({ ...c, suppliers: c.suppliers ?? [] })),
    pipeline: o.pipeline ?? [],
    suppliers: (o.suppliers ?? []).map((s) => ({ ...s, buyers: s.buyers ?? [] })),
    score_parts: o.score_parts ?? { buyers: 0, value: 0, timing: 0, shared_suppliers: 0, pipeline: 0 },
    action: o.action ?? { code: 'joint_market_engagement', framework: null, reason: '' },
  };
}

/** The entry an action answered with; a bodiless answer (204) is read again. */
function entryOr(id: number) {
  return (e: PipelineEntry | undefined) => (e ? normalizeEntry(e) : marketApi.entry(id));
}

export const marketApi = {
  pipeline: (filters: PipelineFilters) => {
    const q = pipelineQuery(filters);
    return request<{ entries: PipelineEntry[] }>('GET', q ? `${PIPE}?${q}` : PIPE).then((r) => (r.entries ?? []).map(normalizeEntry));
  },
  publish: (input: PipelineInput) => request<PipelineEntry>('POST', PIPE, input).then(normalizeEntry),
  entry: (id: number) => request<PipelineEntry>('GET', `${PIPE}/${id}`).then(normalizeEntry),
  update: (id: number, changes: PipelineChanges) => request<PipelineEntry>('PATCH', `${PIPE}/${id}`, changes).then(normalizeEntry),
  expressInterest: (id: number, note: string) =>
    request<PipelineEntry | undefined>('PUT', `${PIPE}/${id}/interest`, { note }).then(entryOr(id)),
  withdrawInterest: (id: number) => request<PipelineEntry | undefined>('DELETE', `${PIPE}/${id}/interest`).then(entryOr(id)),
  watch: (id: number) => request<PipelineEntry | undefined>('PUT', `${PIPE}/${id}/watch`).then(entryOr(id)),
  unwatch: (id: number) => request<PipelineEntry | undefined>('DELETE', `${PIPE}/${id}/watch`).then(entryOr(id)),
  opportunities: (p: OpportunityParams, lang: Language) => {
    const q = opportunityQuery(p);
    return request<OpportunityResult>('GET', `/api/v1/opportunities?${q ? `${q}&` : ''}lang=${lang}`).then((r) => ({
      ...r,
      opportunities: (r.opportunities ?? []).map(normalizeOpportunity),
    }));
  },
  /** Turns an opportunity into a working-group proposal; the same parameters identify it. */
  propose: (key: string, p: OpportunityParams) => {
    const q = opportunityQuery(p);
    return request<{ community_id: number }>('POST', `/api/v1/opportunities/${enc(key)}/proposal${q ? `?${q}` : ''}`, {});
  },
  prices: (cpv: string) =>
    request<Benchmarks>('GET', `/api/v1/prices?cpv=${enc(cpv)}`).then((r) => ({
      min_peers: r.min_peers ?? 5,
      benchmarks: (r.benchmarks ?? []).map((b) => ({ ...b, histogram: b.histogram ?? [] })),
    })),
  contractPrices: (ocid: string) =>
    request<{ items: ContractPrice[]; min_peers?: number }>('GET', `/api/v1/contracts/${enc(ocid)}/prices`).then((r) => ({
      min_peers: r.min_peers ?? 5,
      items: r.items ?? [],
    })),
  organisationPrices: (id: number) =>
    request<OrganisationPrices>('GET', `/api/v1/organisations/${id}/prices`).then((r) => ({ ...r, items: r.items ?? [] })),
  concentration: (cpv: string, country: string) => {
    const q = new URLSearchParams();
    if (cpv) q.set('cpv', cpv);
    if (country) q.set('country', country);
    const s = q.toString();
    return request<{ markets: MarketConcentration[] }>('GET', `/api/v1/market/concentration${s ? `?${s}` : ''}`).then((r) =>
      (r.markets ?? []).map((m) => ({ ...m, top: m.top ?? [] })),
    );
  },
  consolidation: (cpv: string) =>
    request<{ opportunities: ConsolidationOpportunity[] }>('GET', `/api/v1/market/consolidation${cpv ? `?cpv=${enc(cpv)}` : ''}`).then((r) =>
      (r.opportunities ?? []).map((o) => ({ ...o, buyers: o.buyers ?? [], ocids: o.ocids ?? [] })),
    ),
  warnings: (organisationId: number, lang: Language) =>
    request<{ warnings: EarlyWarning[] }>('GET', `/api/v1/organisations/${organisationId}/warnings?lang=${lang}`).then((r) =>
      (r.warnings ?? []).map((w) => ({ ...w, ocids: w.ocids ?? [] })),
    ),
};
