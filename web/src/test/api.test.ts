import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { api, ApiError, request } from '../api';
import { clearCookie, json, mockFetch, setCookie } from './helpers';

const me = {
  id: 2,
  email: 'admin@utrecht.example',
  name: 'Anouk de Vries',
  role: 'org_admin',
  status: 'active',
  language: 'en',
  csrf_token: 'session-token',
  organisation: { id: 2, name: 'Gemeente Utrecht', type: 'municipality', country: 'NL', nuts: 'NL350', eligible: true },
};

describe('API client', () => {
  beforeEach(() => clearCookie('cobuy_csrf'));
  afterEach(() => clearCookie('cobuy_csrf'));

  it('sends the cobuy_csrf cookie as X-CSRF-Token on state-changing requests', async () => {
    setCookie('cobuy_csrf', 'tok-123');
    const calls = mockFetch(() => json(200, me));
    const result = await api.signIn('admin@utrecht.example', 'cobuy-demo-2026');
    expect(result.name).toBe('Anouk de Vries');
    expect(calls).toHaveLength(1);
    expect(calls[0].url).toBe('/api/v1/session');
    expect(calls[0].method).toBe('POST');
    expect(calls[0].credentials).toBe('same-origin');
    expect(calls[0].headers['x-csrf-token']).toBe('tok-123');
    expect(calls[0].headers['content-type']).toBe('application/json');
    expect(calls[0].body).toEqual({ email: 'admin@utrecht.example', password: 'cobuy-demo-2026' });
  });

  it('fetches a token from /api/v1/csrf first when there is no cookie', async () => {
    const calls = mockFetch((call) =>
      call.url === '/api/v1/csrf' ? json(200, { csrf_token: 'fresh-456' }) : new Response(null, { status: 204 }),
    );
    await api.signOut();
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual(['GET /api/v1/csrf', 'DELETE /api/v1/session']);
    expect(calls[0].headers['x-csrf-token']).toBeUndefined();
    expect(calls[1].headers['x-csrf-token']).toBe('fresh-456');
    expect(calls[1].credentials).toBe('same-origin');
  });

  it('sends no CSRF header and no body on GET', async () => {
    setCookie('cobuy_csrf', 'tok-123');
    const calls = mockFetch(() => json(200, { organisations: [] }));
    expect(await api.organisations()).toEqual([]);
    expect(calls[0].method).toBe('GET');
    expect(calls[0].headers['x-csrf-token']).toBeUndefined();
    expect(calls[0].headers['content-type']).toBeUndefined();
    expect(calls[0].credentials).toBe('same-origin');
  });

  it('parses a validation problem into an ApiError with its field errors', async () => {
    setCookie('cobuy_csrf', 'tok-123');
    mockFetch(() =>
      json(422, {
        type: 'https://cobuy.eu/problems/validation',
        title: 'Invalid request',
        status: 422,
        detail: 'annual_budget_eur: must be a non-negative amount in EUR below 10 trillion',
        errors: [{ field: 'annual_budget_eur', detail: 'must be a non-negative amount in EUR below 10 trillion' }],
      }),
    );
    const error = await api.updateOrganisation(2, { annual_budget_eur: -1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    const e = error as ApiError;
    expect(e.status).toBe(422);
    expect(e.kind).toBe('validation');
    expect(e.title).toBe('Invalid request');
    expect(e.detail).toBe('annual_budget_eur: must be a non-negative amount in EUR below 10 trillion');
    expect(e.errors).toEqual([
      { field: 'annual_budget_eur', detail: 'must be a non-negative amount in EUR below 10 trillion' },
    ]);
    expect(e.fieldError('annual_budget_eur')).toBe('must be a non-negative amount in EUR below 10 trillion');
    expect(e.retryAfter).toBeNull();
  });

  it('reads Retry-After from a 429 problem', async () => {
    setCookie('cobuy_csrf', 'tok-123');
    mockFetch(() =>
      json(
        429,
        {
          type: 'https://cobuy.eu/problems/throttled',
          title: 'Too many attempts',
          status: 429,
          detail: 'too many failed sign-ins; try again later',
        },
        { 'Retry-After': '42' },
      ),
    );
    const e = (await api.signIn('a@b.example', 'x').catch((err: unknown) => err)) as ApiError;
    expect(e.status).toBe(429);
    expect(e.kind).toBe('throttled');
    expect(e.detail).toBe('too many failed sign-ins; try again later');
    expect(e.retryAfter).toBe(42);
    expect(e.errors).toEqual([]);
  });

  it('keeps the status when the error body is not JSON', async () => {
    mockFetch(() => new Response('<h1>Bad gateway</h1>', { status: 502, statusText: 'Bad Gateway', headers: { 'Content-Type': 'text/html' } }));
    const e = (await request('GET', '/api/v1/me').catch((err: unknown) => err)) as ApiError;
    expect(e.status).toBe(502);
    expect(e.title).toBe('Bad Gateway');
    expect(e.detail).toBe('');
  });

  it('reports an unreachable server as status 0', async () => {
    mockFetch(() => {
      throw new TypeError('Failed to fetch');
    });
    const e = (await api.me().catch((err: unknown) => err)) as ApiError;
    expect(e).toBeInstanceOf(ApiError);
    expect(e.status).toBe(0);
    expect(e.type).toBe('network');
  });

  it('retries once with a fresh token after a CSRF refusal', async () => {
    setCookie('cobuy_csrf', 'stale');
    let posts = 0;
    const calls = mockFetch((call) => {
      if (call.url === '/api/v1/csrf') {
        setCookie('cobuy_csrf', 'current');
        return json(200, { csrf_token: 'current' });
      }
      posts += 1;
      return posts === 1
        ? json(403, {
            type: 'https://cobuy.eu/problems/csrf',
            title: 'Forbidden',
            status: 403,
            detail: 'missing or wrong CSRF token',
          })
        : json(200, { ...me, language: 'de' });
    });
    const result = await api.updateMe({ language: 'de' });
    expect(result.language).toBe('de');
    expect(calls.map((c) => `${c.method} ${c.url} ${c.headers['x-csrf-token'] ?? '-'}`)).toEqual([
      'PATCH /api/v1/me stale',
      'GET /api/v1/csrf -',
      'PATCH /api/v1/me current',
    ]);
  });

  it('encodes CPV queries and asks in the given language', async () => {
    const calls = mockFetch(() => json(200, { query: 'Müllfahrzeuge', results: [] }));
    expect(await api.cpv('Müllfahrzeuge', 'de', 10)).toEqual([]);
    expect(calls[0].url).toBe('/api/v1/cpv?q=M%C3%BCllfahrzeuge&lang=de&limit=10');
  });
});
