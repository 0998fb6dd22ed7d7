import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Me } from '../api';
import { setLanguage } from '../i18n';
import { CommunitiesPage } from '../pages/Communities';
import { SessionContext } from '../session';
import { community, LEADER_CAN, person } from './fixtures';
import { clearCookie, json, mockFetch, setCookie } from './helpers';

function renderAs(me: Me | null) {
  const announce = vi.fn();
  render(
    <SessionContext.Provider value={{ me, setMe: vi.fn(), announce }}>
      <CommunitiesPage />
    </SessionContext.Provider>,
  );
  return { announce };
}

const list = [
  community({ my: { role: 'leader', status: 'active' }, member_count: 2 }),
  community({
    id: 8,
    name: 'Cleaning services network',
    kind: 'community_of_practice',
    openness: 'closed',
    aim: 'Share tender documents for cleaning.',
    member_count: 5,
    my: { role: 'member', status: 'invited' },
  }),
  community({ id: 9, name: 'Observers of e-buses', kind: 'observer_group', member_count: 1, my: null }),
];

describe('communities', () => {
  beforeEach(() => {
    setLanguage('en');
    setCookie('cobuy_csrf', 'tok-9');
    vi.spyOn(window, 'scrollTo').mockImplementation(() => {});
    window.history.replaceState(null, '', '/communities');
  });
  afterEach(() => {
    cleanup();
    clearCookie('cobuy_csrf');
  });

  it('lists every community with its kind, openness, aim, members and my status', async () => {
    const calls = mockFetch(() => json(200, { items: list }));
    renderAs(person());
    const table = await screen.findByRole('table', { name: 'All communities' });
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual(['GET /api/v1/communities']);
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent));
    expect(rows).toEqual([
      ['Zero-emission refuse trucks', 'Working group', 'Open', 'Buy zero-emission refuse trucks together.', '2', 'Leader'],
      ['Cleaning services network', 'Community of practice', 'Closed', 'Share tender documents for cleaning.', '5', 'Invited'],
      ['Observers of e-buses', 'Observer group', 'Open', 'Buy zero-emission refuse trucks together.', '1', 'Not a member'],
    ]);
    expect(within(table).getByRole('link', { name: 'Cleaning services network' }).getAttribute('href')).toBe('/communities/8');
  });

  it('creates a community with exactly the fields filled in, then opens it', async () => {
    const created = community({ id: 12, name: 'E-bus charging', my: { role: 'leader', status: 'active' }, can: LEADER_CAN });
    const calls = mockFetch((call) => (call.method === 'POST' ? json(201, created) : json(200, { items: [] })));
    const { announce } = renderAs(person());
    const form = (await screen.findByRole('heading', { name: 'Start a community' })).closest('section')!;
    fireEvent.click(within(form).getByRole('button', { name: 'Create the community' }));
    // nothing sent: the name and the aim are missing
    expect(await screen.findByRole('alert')).toBeTruthy();
    expect(within(screen.getByRole('alert')).getAllByRole('link').map((a) => a.textContent)).toEqual([
      'Enter a name for the community.',
      'Describe the aim of the community.',
    ]);
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);

    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: '  E-bus charging ' } });
    fireEvent.change(within(form).getByLabelText('Kind of community'), { target: { value: 'interest_group' } });
    fireEvent.click(within(form).getByLabelText(/^Closed/));
    fireEvent.change(within(form).getByLabelText('Aim'), { target: { value: 'Compare charging infrastructure.' } });
    fireEvent.change(within(form).getByLabelText('Entry requirements (optional)'), { target: { value: 'A public transport authority.' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Create the community' }));
    await waitFor(() => expect(window.location.pathname).toBe('/communities/12'));
    const post = calls.find((c) => c.method === 'POST')!;
    expect(post.url).toBe('/api/v1/communities');
    expect(post.headers['x-csrf-token']).toBe('tok-9');
    expect(post.body).toEqual({
      name: 'E-bus charging',
      kind: 'interest_group',
      openness: 'closed',
      aim: 'Compare charging infrastructure.',
      entry_requirements: 'A public transport authority.',
    });
    expect(announce).toHaveBeenCalledWith('The community “E-bus charging” has been created.');
  });

  it('offers the form to buyers, not to market actors, observers or anonymous visitors', async () => {
    mockFetch(() => json(200, { items: list }));
    renderAs(person({ role: 'market_actor' }));
    await screen.findByRole('table', { name: 'All communities' });
    expect(screen.queryByRole('heading', { name: 'Start a community' })).toBeNull();
    cleanup();
    renderAs(person({ role: 'observer' }));
    await screen.findByRole('table', { name: 'All communities' });
    expect(screen.queryByRole('heading', { name: 'Start a community' })).toBeNull();
    cleanup();
    renderAs(null);
    await screen.findByRole('table', { name: 'All communities' });
    expect(screen.queryByRole('heading', { name: 'Start a community' })).toBeNull();
    cleanup();
    renderAs(person({ role: 'org_admin' }));
    expect(await screen.findByRole('heading', { name: 'Start a community' })).toBeTruthy();
  });
});
