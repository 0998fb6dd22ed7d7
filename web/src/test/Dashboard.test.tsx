import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Me } from '../api';
import { setLanguage } from '../i18n';
import { DashboardPage } from '../pages/Dashboard';
import { SessionContext } from '../session';
import { person } from './fixtures';
import { json, mockFetch } from './helpers';

const zero = {
  communities: 0,
  member_organisations: 0,
  combined_budget_eur: 0,
  meetings: {},
  meetings_total: 0,
  online_meetings: 0,
  market_engagement_sessions: 0,
  companies_engaged: 0,
  site_visits: 0,
  factory_visits: 0,
  study_visits: 0,
  documents_shared: 0,
  posts: 0,
};

const figures = {
  platform: {
    ...zero,
    communities: 2,
    member_organisations: 3,
    combined_budget_eur: 1250000000,
    meetings: { online_meeting: 3, market_engagement: 1, site_visit: 0 },
    meetings_total: 4,
    online_meetings: 3,
    market_engagement_sessions: 1,
    companies_engaged: 1,
    documents_shared: 5,
    posts: 12,
  },
  communities: [
    { ...zero, id: 7, name: 'Zero-emission refuse trucks', kind: 'working_group', member_organisations: 3, companies_engaged: 1 },
    { ...zero, id: 8, name: 'Cleaning services network', kind: 'community_of_practice', member_organisations: 2, companies_engaged: 0 },
  ],
  report: '1 working group and 1 community of practice engaged 1 company in 4 meetings.',
};

function renderAs(me: Me) {
  render(
    <SessionContext.Provider value={{ me, setMe: vi.fn(), announce: vi.fn() }}>
      <DashboardPage />
    </SessionContext.Provider>,
  );
}

describe('dashboard', () => {
  beforeEach(() => setLanguage('en'));
  afterEach(() => cleanup());

  it('shows the report, the figures, accessible charts and the CSV link', async () => {
    const calls = mockFetch(() => json(200, figures));
    renderAs(person());
    expect((await screen.findByTestId('report')).textContent).toBe(
      '1 working group and 1 community of practice engaged 1 company in 4 meetings.',
    );
    expect(calls.map((c) => c.url)).toEqual(['/api/v1/figures?lang=en']);
    const tiles = screen.getByTestId('platform-figures');
    expect([...tiles.querySelectorAll('.tile')].map((d) => `${d.querySelector('dt')!.textContent}: ${d.querySelector('dd')!.textContent}`)).toEqual([
      'Communities: 2',
      'Member organisations: 3',
      'Combined annual procurement budget: €1,250,000,000',
      'Meetings held: 4',
      'Online meetings: 3',
      'Market engagement sessions: 1',
      'Companies engaged: 1',
      'Site visits: 0',
      'Factory visits: 0',
      'Study visits: 0',
      'Documents shared: 5',
      'Posts: 12',
    ]);
    const images = screen.getAllByRole('img');
    expect(images.map((i) => i.tagName.toLowerCase())).toEqual(['svg', 'svg']);
    expect(images.map((i) => i.getAttribute('aria-label'))).toEqual([
      'Meetings by kind: Online meeting 3; Market engagement session 1',
      'Companies engaged and member organisations per community: Zero-emission refuse trucks Companies engaged 1, Member organisations 3; Cleaning services network Companies engaged 0, Member organisations 2',
    ]);
    // the same numbers as tables for screen readers
    const table = screen.getByRole('table', { name: 'Companies engaged and member organisations per community' });
    expect(within(table).getAllByRole('row').map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent))).toEqual([
      ['Category', 'Companies engaged', 'Member organisations'],
      ['Zero-emission refuse trucks', '1', '3'],
      ['Cleaning services network', '0', '2'],
    ]);
    expect(screen.getByRole('table', { name: 'Meetings by kind' })).toBeTruthy();
    const csv = screen.getByRole('link', { name: 'Download the figures (CSV)' });
    expect(csv.getAttribute('href')).toBe('/api/v1/figures.csv');
    // health flags are for the secretariat only
    expect(screen.queryByRole('heading', { name: 'Communities that need attention' })).toBeNull();
  });

  it('shows the secretariat the communities whose health needs attention', async () => {
    const calls = mockFetch((call) =>
      call.url === '/api/v1/health'
        ? json(200, {
            items: [
              {
                community_id: 9,
                name: 'Observers of e-buses',
                flags: [
                  { code: 'too_few_participants', detail: '1 active member' },
                  { code: 'no_facilitator', detail: '' },
                ],
              },
            ],
          })
        : json(200, figures),
    );
    renderAs(person({ role: 'platform_admin' }));
    const list = await screen.findByTestId('health');
    expect(within(list).getByRole('link', { name: 'Observers of e-buses' }).getAttribute('href')).toBe('/communities/9');
    expect(within(list).getAllByRole('listitem').slice(1).map((li) => li.textContent)).toEqual([
      'Fewer than 3 active members (1 active member)',
      'No facilitator',
    ]);
    expect(calls.map((c) => c.url).sort()).toEqual(['/api/v1/figures?lang=en', '/api/v1/health']);
  });

  it('asks for the report in the interface language', async () => {
    setLanguage('de');
    const calls = mockFetch(() => json(200, { ...figures, report: '1 Arbeitsgruppe …' }));
    renderAs(person());
    expect((await screen.findByTestId('report')).textContent).toBe('1 Arbeitsgruppe …');
    expect(calls[0].url).toBe('/api/v1/figures?lang=de');
    expect(screen.getByRole('link', { name: 'Kennzahlen herunterladen (CSV)' }).getAttribute('href')).toBe('/api/v1/figures.csv');
  });
});
