import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api, parseSearchParams, savedParams } from '../api';
import { setLanguage } from '../i18n';
import { getUnread, setUnread } from '../notifications';
import { NotificationsPage, SavedSearchesPage } from '../pages/SavedSearches';
import { SessionContext } from '../session';
import { clearCookie, json, mockFetch, setCookie } from './helpers';

const saved = [
  {
    id: 4,
    name: 'Refuse trucks NL',
    params: { q: 'refuse', country: 'NL', instrument: ['framework', 'dps'] },
    alerts: true,
    created_at: '2026-11-02T09:00:00Z',
    last_alert_at: null,
  },
  { id: 5, name: 'Cleaning', params: { cpv: '909' }, alerts: false, created_at: '2026-11-03T09:00:00Z', last_alert_at: null },
];

function renderWith(page: React.ReactNode) {
  const announce = vi.fn();
  render(<SessionContext.Provider value={{ me: null, setMe: vi.fn(), announce }}>{page}</SessionContext.Provider>);
  return { announce };
}

describe('saved searches', () => {
  beforeEach(() => {
    setLanguage('en');
    setCookie('cobuy_csrf', 'tok-5');
    vi.spyOn(window, 'scrollTo').mockImplementation(() => {});
  });
  afterEach(() => {
    cleanup();
    clearCookie('cobuy_csrf');
  });

  it('creating one sends the CSRF header and the params', async () => {
    const calls = mockFetch(() => json(201, { ...saved[0], id: 9 }));
    const created = await api.createSavedSearch({
      name: 'Refuse trucks NL',
      params: savedParams(parseSearchParams('q=refuse&country=NL&instrument=framework&instrument=dps&offset=40&limit=20')),
      alerts: false,
    });
    expect(created.id).toBe(9);
    expect(calls).toHaveLength(1);
    expect(calls[0].method).toBe('POST');
    expect(calls[0].url).toBe('/api/v1/saved-searches');
    expect(calls[0].headers['x-csrf-token']).toBe('tok-5');
    expect(calls[0].body).toEqual({
      name: 'Refuse trucks NL',
      params: { q: 'refuse', country: 'NL', instrument: ['framework', 'dps'] },
      alerts: false,
    });
  });

  it('lists them with a link that opens the search, and deletes one after confirming', async () => {
    const calls = mockFetch((call) =>
      call.method === 'DELETE' ? new Response(null, { status: 204 }) : json(200, { total: 2, offset: 0, limit: 20, items: saved }),
    );
    const { announce } = renderWith(<SavedSearchesPage />);
    const table = await screen.findByRole('table', { name: 'Your saved searches' });
    const open = within(table).getByRole('link', { name: 'Open the search: Refuse trucks NL' });
    expect(open.getAttribute('href')).toBe('/contracts?q=refuse&country=NL&instrument=framework&instrument=dps');
    expect(within(table).getByRole('link', { name: 'Open the search: Cleaning' }).getAttribute('href')).toBe('/contracts?cpv=909');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => [...r.querySelectorAll('td')].slice(0, 2).map((td) => td.textContent))).toEqual([
      ['On', '2 November 2026'],
      ['Off', '3 November 2026'],
    ]);

    fireEvent.click(within(table).getByRole('button', { name: 'Delete Refuse trucks NL' }));
    expect(within(table).getByText('Delete the saved search “Refuse trucks NL”?')).toBeTruthy();
    expect(calls.filter((c) => c.method === 'DELETE')).toHaveLength(0);
    fireEvent.click(within(table).getByRole('button', { name: 'Yes, delete' }));
    await waitFor(() => expect(announce).toHaveBeenCalledWith('The saved search “Refuse trucks NL” has been deleted.'));
    const del = calls.find((c) => c.method === 'DELETE')!;
    expect(del.url).toBe('/api/v1/saved-searches/4');
    expect(del.headers['x-csrf-token']).toBe('tok-5');
    expect(screen.queryByRole('link', { name: 'Open the search: Refuse trucks NL' })).toBeNull();
    expect(screen.getByText('The saved search “Refuse trucks NL” has been deleted.')).toBeTruthy();
  });

  it('says how to save one when there are none', async () => {
    mockFetch(() => json(200, { total: 0, offset: 0, limit: 20, items: [] }));
    renderWith(<SavedSearchesPage />);
    expect(
      await screen.findByText('You have not saved a search yet. Search the contract register, then use “Save this search”.'),
    ).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Search the contract register' }).getAttribute('href')).toBe('/contracts');
  });

  it('shows 20 at a time; after a delete the next page starts after the ones still shown', async () => {
    // 25 saved searches on the server, ids 125..101 newest first.
    let server = Array.from({ length: 25 }, (_, i) => ({ ...saved[1], id: 125 - i, name: `Search ${125 - i}` }));
    const calls = mockFetch((call) => {
      if (call.method === 'DELETE') {
        const id = Number(call.url.split('/').pop());
        server = server.filter((x) => x.id !== id);
        return new Response(null, { status: 204 });
      }
      const q = new URLSearchParams(call.url.split('?')[1]);
      const offset = Number(q.get('offset'));
      const limit = Number(q.get('limit'));
      return json(200, { total: server.length, offset, limit, items: server.slice(offset, offset + limit) });
    });
    const { announce } = renderWith(<SavedSearchesPage />);
    const table = await screen.findByRole('table', { name: 'Your saved searches' });
    expect(within(table).getAllByRole('row')).toHaveLength(21);
    const more = screen.getByTestId('saved-more');
    expect(within(more).getByText('Showing 20 of 25')).toBeTruthy();

    // Deleting “Search 110” leaves 19 shown of 24; the next page asks from offset 19 and
    // gets 105..101 (the server's 20th to 24th now).
    fireEvent.click(within(table).getByRole('button', { name: 'Delete Search 110' }));
    fireEvent.click(within(table).getByRole('button', { name: 'Yes, delete' }));
    await waitFor(() => expect(within(more).getByText('Showing 19 of 24')).toBeTruthy());
    fireEvent.click(within(more).getByRole('button', { name: 'Show more saved searches' }));
    await waitFor(() => expect(announce).toHaveBeenCalledWith('Showing 24 of 24'));
    expect(calls.filter((c) => c.method === 'GET').map((c) => c.url)).toEqual([
      '/api/v1/saved-searches?offset=0&limit=20',
      '/api/v1/saved-searches?offset=19&limit=20',
    ]);
    const names = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((r) => r.querySelector('th')!.textContent);
    expect(names).toHaveLength(24);
    expect(names.slice(17)).toEqual([
      'Open the search: Search 107',
      'Open the search: Search 106',
      'Open the search: Search 105',
      'Open the search: Search 104',
      'Open the search: Search 103',
      'Open the search: Search 102',
      'Open the search: Search 101',
    ]);
    expect(document.activeElement?.textContent).toBe('Open the search: Search 105');
    expect(within(screen.getByTestId('saved-more')).queryByRole('button')).toBeNull();
  });

  it('names the pages in German', async () => {
    setLanguage('de');
    const all = Array.from({ length: 21 }, (_, i) => ({ ...saved[1], id: 200 - i, name: `Suche ${i}` }));
    mockFetch(() => json(200, { total: 21, offset: 0, limit: 20, items: all.slice(0, 20) }));
    renderWith(<SavedSearchesPage />);
    const more = await screen.findByTestId('saved-more');
    expect(within(more).getByText('20 von 21 angezeigt')).toBeTruthy();
    expect(within(more).getByRole('button', { name: 'Weitere gespeicherte Suchen anzeigen' })).toBeTruthy();
  });
});

describe('notifications', () => {
  beforeEach(() => {
    setLanguage('en');
    setCookie('cobuy_csrf', 'tok-5');
    setUnread(null);
  });
  afterEach(() => {
    cleanup();
    clearCookie('cobuy_csrf');
  });

  it('lists them, links each to its target and marks one read', async () => {
    const calls = mockFetch((call) =>
      call.method === 'POST'
        ? new Response(null, { status: 204 })
        : json(200, {
            unread: 2,
            items: [
              { id: 11, kind: 'saved_search', title: '3 new contracts for “Refuse trucks NL”', body: 'New since 2 November.', link: '/contracts?q=refuse&country=NL', created_at: '2026-11-30T08:00:00Z', read: false },
              { id: 12, kind: 'saved_search', title: '1 new contract for “Cleaning”', body: '', link: '/contracts?cpv=909', created_at: '2026-11-29T08:00:00Z', read: false },
              { id: 10, kind: 'saved_search', title: 'Old news', body: '', link: 'https://evil.example/', created_at: '2026-11-20T08:00:00Z', read: true },
            ],
          }),
    );
    const { announce } = renderWith(<NotificationsPage />);
    const link = await screen.findByRole('link', { name: '3 new contracts for “Refuse trucks NL”' });
    expect(link.getAttribute('href')).toBe('/contracts?q=refuse&country=NL');
    expect(screen.queryByRole('link', { name: 'Old news' })).toBeNull();
    expect(getUnread()).toBe(2);
    fireEvent.click(screen.getByRole('button', { name: 'Mark as read: 3 new contracts for “Refuse trucks NL”' }));
    await waitFor(() => expect(announce).toHaveBeenCalledWith('The notification “3 new contracts for “Refuse trucks NL”” is marked as read.'));
    const post = calls.find((c) => c.method === 'POST')!;
    expect(post.url).toBe('/api/v1/notifications/11/read');
    expect(post.headers['x-csrf-token']).toBe('tok-5');
    expect(getUnread()).toBe(1);
    expect(screen.queryByRole('button', { name: 'Mark as read: 3 new contracts for “Refuse trucks NL”' })).toBeNull();
    expect(within(screen.getByTestId('notifications')).getAllByRole('button').map((b) => b.textContent)).toEqual([
      'Mark as read: 1 new contract for “Cleaning”',
    ]);
  });
});
