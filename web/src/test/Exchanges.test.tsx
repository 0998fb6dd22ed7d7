import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setLanguage } from '../i18n';
import { ExchangesPage } from '../pages/Exchanges';
import { NotificationSettings } from '../pages/NotificationSettings';
import { SessionContext } from '../session';
import { community, person } from './fixtures';
import { clearCookie, json, mockFetch, setCookie } from './helpers';

const mine = {
  id: 3,
  kind: 'request',
  person: { id: 3, name: 'Daan Bakker' },
  organisation: { id: 2, name: 'Gemeente Utrecht', country: 'NL' },
  topic: 'Electric refuse trucks in daily use',
  description: 'Two days with the fleet team.',
  starts_on: '2026-05-04',
  ends_on: '2026-05-08',
  status: 'open',
  matched_with: null,
  community_id: 7,
  report_document_id: null,
  created_at: '2026-02-01T09:00:00Z',
};
const theirs = {
  ...mine,
  id: 8,
  kind: 'offer',
  person: { id: 5, name: 'Lucas Bernard' },
  organisation: { id: 1, name: 'Ville de Lyon', country: 'FR' },
  topic: 'Our electric refuse fleet',
  description: 'Host a colleague for a week.',
  starts_on: '2026-05-01',
  ends_on: '2026-05-15',
};

function renderWith(node: React.ReactNode) {
  const announce = vi.fn();
  render(<SessionContext.Provider value={{ me: person(), setMe: vi.fn(), announce }}>{node}</SessionContext.Provider>);
  return { announce };
}

describe('staff exchanges', () => {
  beforeEach(() => {
    setLanguage('en');
    setCookie('cobuy_csrf', 'tok-x');
  });
  afterEach(() => {
    cleanup();
    clearCookie('cobuy_csrf');
  });

  it('shows suggested matches for my entry and matches one', async () => {
    const calls = mockFetch((call) => {
      if (call.url === '/api/v1/exchanges') return json(200, { items: [mine, theirs] });
      if (call.url === '/api/v1/communities') return json(200, { items: [community({ my: { role: 'member', status: 'active' } })] });
      if (call.url === '/api/v1/exchanges/3/matches')
        return json(200, { items: [{ exchange: theirs, score: 0.82, overlap_days: 5, shared_words: ['electric', 'refuse'] }] });
      if (call.url === '/api/v1/exchanges/3/match') return json(200, { ...mine, status: 'matched', matched_with: 8 });
      return json(404, { status: 404, title: 'Not found' });
    });
    const { announce } = renderWith(<ExchangesPage />);
    const my = await screen.findByTestId('my-exchanges');
    expect(within(my).getByRole('heading', { level: 3 }).textContent).toBe('Electric refuse trucks in daily use');
    expect(within(my).getByText(/4 May 2026 to 8 May 2026/).textContent).toBe(
      'Request to visit Open 4 May 2026 to 8 May 2026 · Zero-emission refuse trucks',
    );
    const others = screen.getByRole('table', { name: 'Offers and requests of others' });
    expect(within(others).getAllByRole('row').slice(1).map((r) => [...r.querySelectorAll('td')].map((c) => c.textContent))).toEqual([
      ['Offer to host', 'Lucas Bernard (Ville de Lyon)', '1 May 2026 to 15 May 2026', 'Open'],
    ]);

    fireEvent.click(within(my).getByRole('button', { name: 'Show suggested matches Electric refuse trucks in daily use' }));
    const matches = await within(my).findByTestId('matches-3');
    expect(within(matches).getByText('Score 0.82; 5 days in common; shared words: electric, refuse')).toBeTruthy();
    fireEvent.click(within(matches).getByRole('button', { name: 'Match with “Our electric refuse fleet”' }));
    await waitFor(() => expect(announce).toHaveBeenCalledWith('Matched with “Our electric refuse fleet” of Lucas Bernard.'));
    expect(calls.map((c) => `${c.method} ${c.url}`).sort()).toEqual([
      'GET /api/v1/communities',
      'GET /api/v1/exchanges',
      'GET /api/v1/exchanges/3/matches',
      'POST /api/v1/exchanges/3/match',
    ]);
    const match = calls.find((c) => c.method === 'POST')!;
    expect(match.body).toEqual({ with: 8 });
    expect(match.headers['x-csrf-token']).toBe('tok-x');
    expect(within(my).getByText('Matched with “Our electric refuse fleet” of Lucas Bernard (Ville de Lyon).')).toBeTruthy();
    // matched: the report can now be uploaded
    expect(within(my).getByLabelText('Exchange report for “Electric refuse trucks in daily use”')).toBeTruthy();
    expect(within(others).getAllByRole('row')[1].querySelectorAll('td')[3].textContent).toBe('Matched');
  });

  it('creates an offer with exactly the fields given', async () => {
    const calls = mockFetch((call) => {
      if (call.method === 'POST') return json(201, { ...mine, id: 12, kind: 'offer', topic: 'Depot charging' });
      if (call.url === '/api/v1/communities') return json(200, { items: [community({ my: { role: 'member', status: 'active' } })] });
      return json(200, { items: [] });
    });
    const { announce } = renderWith(<ExchangesPage />);
    const form = (await screen.findByRole('heading', { name: 'Offer or request an exchange' })).closest('section')!;
    await waitFor(() => expect(within(form).getAllByRole('option').map((o) => o.textContent)).toEqual(['None', 'Zero-emission refuse trucks']));
    fireEvent.click(within(form).getByLabelText('host a colleague (offer)'));
    fireEvent.change(within(form).getByLabelText('Topic'), { target: { value: 'Depot charging' } });
    fireEvent.change(within(form).getByLabelText('Description'), { target: { value: 'A week at our bus depot.' } });
    fireEvent.change(within(form).getByLabelText('From'), { target: { value: '2026-06-01' } });
    fireEvent.change(within(form).getByLabelText('Until'), { target: { value: '2026-06-05' } });
    fireEvent.change(within(form).getByLabelText('Community (optional)'), { target: { value: '7' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Publish' }));
    await waitFor(() => expect(announce).toHaveBeenCalledWith('“Depot charging” has been published.'));
    expect(calls.find((c) => c.method === 'POST')!.body).toEqual({
      kind: 'offer',
      topic: 'Depot charging',
      description: 'A week at our bus depot.',
      starts_on: '2026-06-01',
      ends_on: '2026-06-05',
      community_id: 7,
    });
  });
});

describe('notification preferences and the personal calendar', () => {
  beforeEach(() => {
    setLanguage('en');
    setCookie('cobuy_csrf', 'tok-p');
  });
  afterEach(() => {
    cleanup();
    clearCookie('cobuy_csrf');
  });

  it('loads, changes and saves the preferences', async () => {
    const saved = { digest: 'off', in_app: { mentions: true, events: false, membership: true, health: true } };
    const calls = mockFetch((call) =>
      call.method === 'PUT' ? json(200, saved) : json(200, { digest: 'daily', in_app: { mentions: true, events: true, membership: true, health: true } }),
    );
    const { announce } = renderWith(<NotificationSettings />);
    const digest = await screen.findByRole('group', { name: 'E-mail digest' });
    expect((within(digest).getByLabelText('Once a day, listing what is new') as HTMLInputElement).checked).toBe(true);
    const inApp = screen.getByRole('group', { name: 'Notifications in Cobuy' });
    expect(within(inApp).getAllByRole('checkbox').map((c) => [c.nextElementSibling!.textContent, (c as HTMLInputElement).checked])).toEqual([
      ['When someone mentions me', true],
      ['Invitations to events', true],
      ['Membership news (invitations, requests, approvals)', true],
      ['Health of the communities I lead', true],
    ]);
    fireEvent.click(within(digest).getByLabelText('No e-mail'));
    fireEvent.click(within(inApp).getByLabelText('Invitations to events'));
    fireEvent.click(screen.getByRole('button', { name: 'Save the preferences' }));
    await waitFor(() => expect(announce).toHaveBeenCalledWith('Your notification preferences have been saved.'));
    const put = calls.find((c) => c.method === 'PUT')!;
    expect(put.url).toBe('/api/v1/me/notification-preferences');
    expect(put.headers['x-csrf-token']).toBe('tok-p');
    expect(put.body).toEqual(saved);
    expect(calls[0].url).toBe('/api/v1/me/notification-preferences');
  });

  it('makes a personal calendar address and shows it', async () => {
    const calls = mockFetch((call) =>
      call.method === 'POST'
        ? json(200, { token: 'abc123', personal_url: '/api/v1/me/calendar.ics?token=abc123' })
        : json(200, { digest: 'daily', in_app: { mentions: true, events: true, membership: true, health: true } }),
    );
    const { announce } = renderWith(<NotificationSettings />);
    fireEvent.click(await screen.findByRole('button', { name: 'Get my calendar address' }));
    const url = (await screen.findByLabelText('Your calendar address')) as HTMLInputElement;
    expect(url.value).toBe(`${window.location.origin}/api/v1/me/calendar.ics?token=abc123`);
    expect(url.readOnly).toBe(true);
    expect(announce).toHaveBeenCalledWith('Your personal calendar address is ready.');
    const post = calls.find((c) => c.method === 'POST')!;
    expect(post.url).toBe('/api/v1/me/calendar-token');
    expect(post.headers['x-csrf-token']).toBe('tok-p');
    expect(screen.getByRole('button', { name: 'Make a new address' })).toBeTruthy();
  });
});
