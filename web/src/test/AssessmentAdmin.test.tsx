import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setLanguage } from '../i18n';
import { AssessmentPage } from '../pages/assessment/Assessment';
import type { AssessmentTab } from '../router';
import { SessionContext } from '../session';
import { assessment, COMMITMENT_NOTE, formation, person } from './fixtures';
import { clearCookie, json, mockFetch, setCookie, type Call } from './helpers';

const secretariat = person({ id: 1, name: 'Sofia Secretariat', role: 'platform_admin' });

function renderTab(tab: AssessmentTab) {
  const announce = vi.fn();
  render(
    <SessionContext.Provider value={{ me: secretariat, setMe: vi.fn(), announce }}>
      <AssessmentPage id={4} tab={tab} />
    </SessionContext.Provider>,
  );
  return { announce };
}

const progress = {
  items: [
    { organisation: { id: 1, name: 'Ville de Lyon', country: 'FR' }, status: 'submitted', updated_at: '2026-03-03T09:00:00Z' },
    { organisation: { id: 2, name: 'Gemeente Utrecht', country: 'NL' }, status: 'submitted', updated_at: '2026-03-04T09:00:00Z' },
    { organisation: { id: 5, name: 'Comune di Milano', country: 'IT' }, status: 'started', updated_at: null },
    { organisation: { id: 6, name: 'Stadt Wien', country: 'AT' }, status: 'not_started', updated_at: null },
  ],
};

const analysis = {
  respondents: 3,
  observer_only: 1,
  areas: [
    {
      area_id: 11,
      key: 'ev-trucks',
      name: 'Electric refuse trucks',
      interested: 3,
      by_interest: { '1': 0, '2': 1, '3': 2 },
      leads: 1,
      planned_value_eur: 4800000,
      planned: 2,
      countries: [
        { code: 'FR', count: 1 },
        { code: 'NL', count: 2 },
      ],
      challenges: ['Charging at the depot.', 'Narrow streets.'],
    },
    { area_id: 12, key: 'e-buses', name: 'Electric buses', interested: 1, by_interest: { '1': 1 }, leads: 0, planned_value_eur: 0, planned: 0, countries: [{ code: 'IT', count: 1 }], challenges: [] },
  ],
};

function server(routes: Record<string, (call: Call) => Response> = {}) {
  return mockFetch((call) => {
    const key = `${call.method} ${call.url.split('?')[0]}`;
    if (routes[key]) return routes[key](call);
    if (key === 'GET /api/v1/assessments/4') return json(200, { ...assessment(), commitment_note: COMMITMENT_NOTE, my_response: null });
    if (key === 'GET /api/v1/assessments/4/progress') return json(200, progress);
    if (key === 'GET /api/v1/assessments/4/analysis') return json(200, analysis);
    if (key === 'GET /api/v1/assessments/4/formations') return json(200, { items: [] });
    return json(404, { status: 404, title: 'Not found' });
  });
}

describe('the secretariat’s view of a needs assessment', () => {
  beforeEach(() => {
    setLanguage('en');
    setCookie('cobuy_csrf', 'tok-s');
    vi.spyOn(window, 'scrollTo').mockImplementation(() => {});
    window.history.replaceState(null, '', '/assessments/4');
  });
  afterEach(() => {
    cleanup();
    clearCookie('cobuy_csrf');
  });

  it('shows the assessment with its tabs, and the commitment note', async () => {
    server();
    renderTab('overview');
    const nav = await screen.findByRole('navigation', { name: 'Needs assessment' });
    expect(within(nav).getAllByRole('link').map((a) => `${a.textContent} ${a.getAttribute('href')}`)).toEqual([
      'Overview /assessments/4',
      'Progress /assessments/4/progress',
      'Analysis /assessments/4/analysis',
      'Group formation /assessments/4/formation',
    ]);
    expect(within(nav).getByRole('link', { name: 'Overview' }).getAttribute('aria-current')).toBe('page');
    expect(screen.getByTestId('commitment-note').textContent).toContain(COMMITMENT_NOTE);
    expect(within(screen.getByTestId('areas')).getByText('Electric refuse trucks')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Save draft' })).toBeNull();
  });

  it('shows the progress and invites every eligible organisation', async () => {
    let invited = false;
    const calls = server({
      'POST /api/v1/assessments/4/invitations': () => {
        invited = true;
        return json(200, { invited: 12 });
      },
      'GET /api/v1/assessments/4/progress': () =>
        json(200, invited ? { items: [...progress.items, { organisation: { id: 7, name: 'Helsinki', country: 'FI' }, status: 'not_started', updated_at: null }] } : progress),
    });
    const { announce } = renderTab('progress');
    const table = await screen.findByRole('table', { name: 'Invited organisations' });
    expect(
      within(table)
        .getAllByRole('row')
        .slice(1, 3)
        .map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent)),
    ).toEqual([
      ['Ville de Lyon', '🇫🇷 France', 'Submitted', expect.stringMatching(/^3 March 2026 at \d\d:\d\d$/)],
      ['Gemeente Utrecht', '🇳🇱 Netherlands', 'Submitted', expect.stringMatching(/^4 March 2026/)],
    ]);
    const counts = screen.getByTestId('progress-counts');
    expect([...counts.querySelectorAll('.tile')].map((d) => d.textContent)).toEqual(['Invited4', 'Started1', 'Submitted2']);
    fireEvent.click(screen.getByRole('button', { name: 'Invite all eligible organisations' }));
    await waitFor(() => expect(announce).toHaveBeenCalledWith('Organisations invited: 12.'));
    const post = calls.find((c) => c.method === 'POST')!;
    expect(post.url).toBe('/api/v1/assessments/4/invitations');
    expect(post.body).toEqual({ all_eligible: true });
    await waitFor(() => expect([...counts.querySelectorAll('.tile')].map((d) => d.textContent)).toEqual(['Invited5', 'Started1', 'Submitted2']));
  });

  it('analyses the answers with an accessible chart and a table', async () => {
    server();
    renderTab('analysis');
    const chart = await screen.findByTestId('interest-chart');
    expect(chart.getAttribute('role')).toBe('img');
    expect(chart.getAttribute('aria-label')).toBe('Interested organisations per area: Electric refuse trucks 3; Electric buses 1');
    expect(screen.getByTestId('analysis-summary').textContent).toBe('3 organisations have submitted an answer; 1 of them only want to observe.');
    // the chart's own table alternative
    const hidden = screen.getByRole('table', { name: 'Interested organisations per area' });
    expect(within(hidden).getAllByRole('row').map((r) => r.textContent)).toEqual([
      'CategoryInterested organisations',
      'Electric refuse trucks3',
      'Electric buses1',
    ]);
    const table = screen.getByRole('table', { name: 'The answers per area' });
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toEqual([
      'Area',
      'Interested organisations',
      'Interest: High',
      'Interest: Medium',
      'Interest: Low',
      'Volunteer leads',
      'Planned procurements',
      'Combined planned value',
      'Countries',
    ]);
    expect(
      within(table)
        .getAllByRole('row')
        .slice(1)
        .map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent)),
    ).toEqual([
      ['Electric refuse trucks', '3', '2', '1', '0', '1', '2', '€4,800,000', 'France 1, Netherlands 2'],
      ['Electric buses', '1', '0', '0', '1', '0', '0', '€0', 'Italy 1'],
    ]);
    const challenges = screen.getAllByTestId('area-challenges');
    expect(within(challenges[0]).getAllByRole('listitem').map((l) => l.textContent)).toEqual(['Charging at the depot.', 'Narrow streets.']);
    expect(within(challenges[1]).getByText('None named.')).toBeTruthy();
  });

  it('solves with exactly the parameters of the form and shows the groups with the organisations’ names', async () => {
    const calls = server({ 'POST /api/v1/assessments/4/formations': () => json(201, formation()) });
    const { announce } = renderTab('formation');
    const form = (await screen.findByRole('heading', { name: 'Parameters' })).closest('section')!;
    // the organisations that answered can be pinned or forbidden
    await waitFor(() => expect(within(form).getAllByLabelText('Organisation')[0].querySelectorAll('option')).toHaveLength(3));
    expect((within(form).getByLabelText('Most areas to open (K)') as HTMLInputElement).value).toBe('2');
    fireEvent.change(within(form).getByLabelText('Most areas to open (K)'), { target: { value: '1' } });
    fireEvent.click(within(form).getByLabelText('Electric refuse trucks'));
    fireEvent.change(within(form).getByLabelText('Smallest group (optional)'), { target: { value: '2' } });
    fireEvent.change(within(form).getByLabelText('Largest group (optional)'), { target: { value: '10' } });
    fireEvent.change(within(form).getByLabelText('Most groups per organisation (M) (optional)'), { target: { value: '1' } });
    fireEvent.change(within(form).getByLabelText('Most members from one country in a group (optional)'), { target: { value: '2' } });
    fireEvent.click(within(form).getByLabelText('Every group needs an organisation that volunteers to lead it'));
    const pinned = within(form).getByTestId('pairs-pin');
    fireEvent.change(within(pinned).getByLabelText('Organisation'), { target: { value: 'org-2' } });
    fireEvent.change(within(pinned).getByLabelText('Area'), { target: { value: 'ev-trucks' } });
    fireEvent.click(within(pinned).getByRole('button', { name: 'Add the pinned pair' }));
    expect(within(pinned).getByRole('listitem').textContent).toBe('Gemeente Utrecht in “Electric refuse trucks” Remove Gemeente Utrecht in “Electric refuse trucks”');
    const forbidden = within(form).getByTestId('pairs-forbid');
    fireEvent.change(within(forbidden).getByLabelText('Organisation'), { target: { value: 'org-1' } });
    fireEvent.change(within(forbidden).getByLabelText('Area'), { target: { value: 'e-buses' } });
    fireEvent.click(within(forbidden).getByRole('button', { name: 'Add the forbidden pair' }));

    const link = screen.getByRole('link', { name: 'Download the instance (JSON)' });
    expect(link.getAttribute('href')).toBe(
      '/api/v1/assessments/4/instance?max_open_areas=1&open_areas=ev-trucks&min_size=2&max_size=10&max_groups_per_organisation=1&require_lead=true&max_per_country=2',
    );
    fireEvent.click(within(form).getByRole('button', { name: 'Solve' }));
    await waitFor(() => expect(announce).toHaveBeenCalledWith('The best grouping was found: the members’ interest adds up to 8.'));
    const post = calls.find((c) => c.method === 'POST')!;
    expect(post.url).toBe('/api/v1/assessments/4/formations');
    expect(post.headers['x-csrf-token']).toBe('tok-s');
    expect(post.body).toEqual({
      max_open_areas: 1,
      open_areas: ['ev-trucks'],
      min_size: 2,
      max_size: 10,
      max_groups_per_organisation: 1,
      require_lead: true,
      max_per_country: 2,
      pinned: [{ organisation: 'org-2', area: 'ev-trucks' }],
      forbidden: [{ organisation: 'org-1', area: 'e-buses' }],
    });

    const result = screen.getByTestId('formation-result');
    expect([...within(result).getByTestId('formation-facts').querySelectorAll('div')].slice(0, 2).map((d) => d.textContent)).toEqual([
      'StatusOptimal',
      'Total interest of the members8',
    ]);
    const group = within(result).getByTestId('groups').querySelector('[data-area="ev-trucks"]') as HTMLElement;
    expect(within(group).getByText('Electric refuse trucks')).toBeTruthy();
    expect(within(group).getAllByRole('listitem').map((l) => l.textContent)).toEqual(['Ville de Lyon', 'Gemeente Utrecht', 'Comune di Milano']);
    expect(within(result).getByTestId('binding').textContent).toBe('max_open_areas At most 1 area may be open.');
    expect(within(result).getByTestId('areas-explained').textContent).toContain('Electric buses: not open – Not opened: at most 1 area may be open.');
    const lyon = within(result).getByText(/^Ville de Lyon: in Electric refuse trucks$/).closest('details')!;
    expect(within(lyon).getAllByRole('listitem').map((l) => l.textContent)).toEqual([
      'Electric refuse trucks: in the group – Interest 3 in ev-trucks; placed in the group.',
      'Electric buses: not in the group – The area e-buses is not open.',
    ]);
    expect(within(result).queryByTestId('infeasible')).toBeNull();
  });

  it('shows an infeasible result as the constraint that cannot be met, not as an error', async () => {
    const infeasible = formation({
      id: 10,
      parameters: { max_open_areas: 1, min_size: 5, require_lead: false },
      result: {
        status: 'infeasible',
        objective: null,
        gap: null,
        seconds: 0.01,
        groups: {},
        explanation: {
          binding: [],
          organisations: {},
          areas: {},
          infeasible: { constraint: 'min_size', area: 'ev-trucks', detail: 'Electric refuse trucks needs at least 5 members; only 3 organisations are interested.' },
        },
      },
    });
    server({ 'POST /api/v1/assessments/4/formations': () => json(201, infeasible) });
    const { announce } = renderTab('formation');
    const form = (await screen.findByRole('heading', { name: 'Parameters' })).closest('section')!;
    fireEvent.change(within(form).getByLabelText('Smallest group (optional)'), { target: { value: '5' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Solve' }));
    const box = await screen.findByTestId('infeasible');
    expect(box.textContent).toBe(
      'No grouping meets every constraint.The constraint that cannot be met: Electric refuse trucks needs at least 5 members; only 3 organisations are interested.Adjust the parameters and solve again.',
    );
    expect(box.getAttribute('role')).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(announce).toHaveBeenCalledWith('No grouping meets every constraint.');
    expect(screen.queryByRole('button', { name: 'Create these working groups' })).toBeNull();
    // the parameters stay for another try
    expect((within(form).getByLabelText('Smallest group (optional)') as HTMLInputElement).value).toBe('5');
  });

  it('starts from the latest run and creates its working groups, linking to them', async () => {
    const calls = server({
      'GET /api/v1/assessments/4/formations': () => json(200, { items: [formation()] }),
      'POST /api/v1/assessments/4/formations/9/groups': () => json(201, { groups: [{ area: 'ev-trucks', community_id: 31 }], observer_group: 32 }),
    });
    const { announce } = renderTab('formation');
    await screen.findByTestId('formation-result');
    const form = screen.getByRole('heading', { name: 'Parameters' }).closest('section')!;
    await waitFor(() => expect((within(form).getByLabelText('Most areas to open (K)') as HTMLInputElement).value).toBe('1'));
    expect((within(form).getByLabelText('Smallest group (optional)') as HTMLInputElement).value).toBe('2');
    expect((within(form).getByLabelText('Every group needs an organisation that volunteers to lead it') as HTMLInputElement).checked).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Create these working groups' }));
    await waitFor(() => expect(announce).toHaveBeenCalledWith('Working groups created: 1.'));
    const post = calls.find((c) => c.method === 'POST')!;
    expect(post.url).toBe('/api/v1/assessments/4/formations/9/groups');
    expect(post.body).toBeUndefined();
    const created = screen.getByTestId('created-groups');
    expect(within(created).getAllByRole('link').map((a) => `${a.textContent} ${a.getAttribute('href')}`)).toEqual([
      'Working group “Electric refuse trucks” /communities/31',
      'The observer group /communities/32',
    ]);
  });

  it('checks the parameters before solving', async () => {
    const calls = server();
    renderTab('formation');
    const form = (await screen.findByRole('heading', { name: 'Parameters' })).closest('section')!;
    fireEvent.change(within(form).getByLabelText('Most areas to open (K)'), { target: { value: '' } });
    fireEvent.change(within(form).getByLabelText('Smallest group (optional)'), { target: { value: '6' } });
    fireEvent.change(within(form).getByLabelText('Largest group (optional)'), { target: { value: '3' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Solve' }));
    const alert = await screen.findByRole('alert');
    expect(within(alert).getAllByRole('link').map((a) => a.textContent)).toEqual([
      'Enter the most areas to open as a whole number of at least 1.',
      'The largest group cannot be smaller than the smallest.',
    ]);
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);
  });
});
