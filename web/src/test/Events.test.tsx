import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Me } from '../api';
import { setLanguage } from '../i18n';
import { CommunityPage } from '../pages/community/Community';
import { toApiLocal } from '../pages/community/Events';
import { browserTimeZone, eventWhen } from '../pages/community/shared';
import { SessionContext } from '../session';
import { community, LEADER_CAN, members, person } from './fixtures';
import { clearCookie, json, mockFetch, setCookie, type Call } from './helpers';

const leader = community({ my: { role: 'leader', status: 'active' }, can: LEADER_CAN });

const event = {
  id: 40,
  community_id: 7,
  kind: 'market_engagement',
  title: 'Meet the truck makers',
  agenda: 'Presentations, then questions.',
  starts_at: '2026-03-12T10:00',
  ends_at: '2026-03-12T12:30',
  time_zone: 'Europe/Brussels',
  starts_at_utc: '2026-03-12T09:00:00Z',
  ends_at_utc: '2026-03-12T11:30:00Z',
  place: 'Lyon, Hôtel de Ville',
  online_url: '',
  status: 'scheduled',
  minutes: '',
  created_at: '2026-02-01T09:00:00Z',
  invited: [{ id: 21, name: 'Felix Wagner', organisation: 'Electra Commercial Vehicles GmbH', guest: true }],
  registered: [{ id: 21, name: 'Felix Wagner', organisation: 'Electra Commercial Vehicles GmbH', attended: false }],
  me: { invited: false, registered: false, attended: false },
};

function renderEvents(me: Me, sub: number | null, routes: Record<string, (c: Call) => Response>, which = leader) {
  const announce = vi.fn();
  const calls = mockFetch((call) => {
    const key = `${call.method} ${call.url.split('?')[0]}`;
    if (routes[key]) return routes[key](call);
    if (key === 'GET /api/v1/communities/7') return json(200, which);
    if (key === 'GET /api/v1/communities/7/members') return json(200, { items: members });
    return json(404, { status: 404, title: 'Not found' });
  });
  render(
    <SessionContext.Provider value={{ me, setMe: vi.fn(), announce }}>
      <CommunityPage id={7} tab="events" sub={sub} />
    </SessionContext.Provider>,
  );
  return { calls, announce };
}

describe('events', () => {
  beforeEach(() => {
    setLanguage('en');
    setCookie('cobuy_csrf', 'tok-e');
    vi.spyOn(window, 'scrollTo').mockImplementation(() => {});
    window.history.replaceState(null, '', '/communities/7/events');
  });
  afterEach(() => {
    cleanup();
    clearCookie('cobuy_csrf');
  });

  it('lists events by start with kind, local time and time zone, and links the calendar', async () => {
    const later = { ...event, id: 41, title: 'Depot visit', kind: 'site_visit', starts_at: '2026-04-02T14:00', ends_at: '2026-04-03T11:00', time_zone: 'Europe/Amsterdam', starts_at_utc: '2026-04-02T12:00:00Z', place: '' };
    renderEvents(person({ id: 5 }), null, { 'GET /api/v1/communities/7/events': () => json(200, { items: [later, event] }) });
    const list = await screen.findByTestId('events');
    expect(within(list).getAllByRole('heading', { level: 3 }).map((h) => h.textContent)).toEqual(['Meet the truck makers', 'Depot visit']);
    expect([...list.querySelectorAll('.event__meta')].map((p) => p.textContent)).toEqual([
      'Market engagement session 12 March 2026 at 10:00 – 12:30 (Europe/Brussels)',
      'Site visit 2 April 2026 at 14:00 – 3 April 2026 at 11:00 (Europe/Amsterdam)',
    ]);
    expect(screen.getByRole('link', { name: 'Subscribe to the community’s calendar (iCalendar)' }).getAttribute('href')).toBe(
      '/api/v1/communities/7/calendar.ics',
    );
  });

  it('plans an event: the form sends exactly the expected body', async () => {
    const { calls, announce } = renderEvents(person({ id: 5 }), null, {
      'GET /api/v1/communities/7/events': () => json(200, { items: [] }),
      'POST /api/v1/communities/7/events': () => json(201, { ...event, id: 44 }),
    });
    const form = (await screen.findByRole('heading', { name: 'Plan an event' })).closest('section')!;
    // the time zone starts as the browser's own
    const zone = within(form).getByLabelText('Time zone') as HTMLSelectElement;
    expect(zone.value).toBe(browserTimeZone());
    expect([...(within(form).getByLabelText('Kind of event') as HTMLSelectElement).options].map((o) => o.textContent)).toEqual([
      'Online meeting',
      'In-person meeting',
      'Study visit',
      'Site visit',
      'Factory visit',
      'Market engagement session',
      'Pitching session',
      'Industry meeting',
      'Staff exchange',
    ]);
    fireEvent.change(within(form).getByLabelText('Kind of event'), { target: { value: 'market_engagement' } });
    fireEvent.change(within(form).getByLabelText('Title'), { target: { value: ' Meet the truck makers ' } });
    fireEvent.change(within(form).getByLabelText('Agenda (optional)'), { target: { value: 'Presentations, then questions.' } });
    fireEvent.change(within(form).getByLabelText('Starts'), { target: { value: '2026-03-12T10:00' } });
    fireEvent.change(within(form).getByLabelText('Ends'), { target: { value: '2026-03-12T09:00' } });
    fireEvent.change(zone, { target: { value: 'Europe/Brussels' } });
    fireEvent.change(within(form).getByLabelText('Place (optional)'), { target: { value: 'Lyon, Hôtel de Ville' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Plan the event' }));
    expect(within(form).getByText('The event must end after it starts.')).toBeTruthy();
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);

    fireEvent.change(within(form).getByLabelText('Ends'), { target: { value: '2026-03-12T12:30' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Plan the event' }));
    await waitFor(() => expect(announce).toHaveBeenCalledWith('The event “Meet the truck makers” has been planned.'));
    const post = calls.find((c) => c.method === 'POST')!;
    expect(post.url).toBe('/api/v1/communities/7/events');
    expect(post.headers['x-csrf-token']).toBe('tok-e');
    expect(post.body).toEqual({
      kind: 'market_engagement',
      title: 'Meet the truck makers',
      agenda: 'Presentations, then questions.',
      starts_at: '2026-03-12T10:00',
      ends_at: '2026-03-12T12:30',
      time_zone: 'Europe/Brussels',
      place: 'Lyon, Hôtel de Ville',
    });
    expect(window.location.pathname).toBe('/communities/7/events/44');
  });

  it('shows no planning form to a plain member', async () => {
    renderEvents(person(), null, { 'GET /api/v1/communities/7/events': () => json(200, { items: [] }) }, community({
      my: { role: 'member', status: 'active' },
      can: { view_workspace: true, contribute: true, plan: false, manage: false },
    }));
    expect(await screen.findByText('No event has been planned yet.')).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Plan an event' })).toBeNull();
  });

  it('invites a market actor found by name and records attendance', async () => {
    const fresh = { ...event, invited: [], registered: [] };
    let current: typeof event = fresh;
    const { calls, announce } = renderEvents(person({ id: 5 }), 40, {
      'GET /api/v1/communities/7/events/40': () => json(200, current),
      'GET /api/v1/market-actors': () => json(200, { items: [{ id: 21, name: 'Felix Wagner', organisation: 'Electra Commercial Vehicles GmbH' }] }),
      'POST /api/v1/communities/7/events/40/invitations': () => {
        current = { ...event, registered: [] };
        return json(200, current);
      },
      'PUT /api/v1/communities/7/events/40/attendance': () => {
        current = { ...event, registered: [{ ...event.registered[0], attended: true }] };
        return json(200, current);
      },
    });
    expect((await screen.findByRole('heading', { level: 2 })).textContent).toBe('Meet the truck makers');
    const invite = screen.getByRole('heading', { name: 'Invite people' }).closest('section')!;
    fireEvent.change(within(invite).getByLabelText('Find market actors (optional)'), { target: { value: 'Felix' } });
    fireEvent.click(within(invite).getByRole('button', { name: 'Search' }));
    fireEvent.click(await within(invite).findByLabelText('Felix Wagner (Electra Commercial Vehicles GmbH)'));
    fireEvent.click(within(invite).getByRole('button', { name: 'Send the invitations' }));
    await waitFor(() => expect(announce).toHaveBeenCalledWith('Invitations sent: 1.'));
    expect(within(screen.getByTestId('invited')).getByText('Felix Wagner')).toBeTruthy();

    const attendance = screen.getByRole('group', { name: 'Who attended' });
    fireEvent.click(within(attendance).getByLabelText('Felix Wagner (Electra Commercial Vehicles GmbH)'));
    fireEvent.click(screen.getByRole('button', { name: 'Save the attendance' }));
    await waitFor(() => expect(announce).toHaveBeenCalledWith('The attendance has been saved.'));
    expect(calls.filter((c) => c.method !== 'GET').map((c) => [c.method, c.url, c.body])).toEqual([
      ['POST', '/api/v1/communities/7/events/40/invitations', { user_ids: [21] }],
      ['PUT', '/api/v1/communities/7/events/40/attendance', { attended: [21] }],
    ]);
    expect(calls.find((c) => c.url.startsWith('/api/v1/market-actors'))!.url).toBe('/api/v1/market-actors?q=Felix');
  });

  it('lets an invited market actor see the one event and register', async () => {
    const guestView = { ...event, me: { invited: true, registered: false, attended: false } };
    const { calls, announce } = renderEvents(
      person({ id: 21, role: 'market_actor', name: 'Felix Wagner' }),
      40,
      {
        'GET /api/v1/communities/7/events/40': () => json(200, guestView),
        'POST /api/v1/communities/7/events/40/registration': () => json(200, { ...guestView, me: { invited: true, registered: true, attended: false } }),
      },
      community(),
    );
    expect((await screen.findByRole('heading', { level: 2 })).textContent).toBe('Meet the truck makers');
    expect(screen.queryByRole('navigation', { name: 'Workspace' })).toBeNull();
    expect(screen.queryByRole('heading', { name: 'Invite people' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Register' }));
    await waitFor(() => expect(announce).toHaveBeenCalledWith('You are registered for “Meet the truck makers”.'));
    expect(screen.getByTestId('my-registration').textContent).toBe('Registered');
    expect(screen.getByRole('button', { name: 'Cancel my registration' })).toBeTruthy();
    const post = calls.find((c) => c.method === 'POST')!;
    expect(post.url).toBe('/api/v1/communities/7/events/40/registration');
    expect(post.headers['x-csrf-token']).toBe('tok-e');
  });

  it('formats times as written in the event’s zone and keeps datetime-local values to the minute', () => {
    expect(eventWhen({ starts_at: '2026-03-12T10:00', ends_at: '2026-03-12T12:30', time_zone: 'Europe/Brussels' })).toBe(
      '12 March 2026 at 10:00 – 12:30 (Europe/Brussels)',
    );
    expect(toApiLocal('2026-03-12T10:00:00')).toBe('2026-03-12T10:00');
    expect(toApiLocal('2026-03-12T10:00')).toBe('2026-03-12T10:00');
  });
});
