import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Me, SearchResult } from '../api';
import { setLanguage } from '../i18n';
import { SearchPage } from '../pages/Search';
import { SessionContext } from '../session';
import { clearCookie, json, mockFetch, setCookie, type Call } from './helpers';

const me: Me = {
  id: 3,
  email: 'buyer@utrecht.example',
  name: 'Daan Bakker',
  role: 'buyer',
  status: 'active',
  language: 'en',
  csrf_token: 'tok',
  organisation: { id: 2, name: 'Gemeente Utrecht', type: 'municipality', country: 'NL', nuts: 'NL350', eligible: true },
};

export const twoHits: SearchResult = {
  total: 2,
  offset: 0,
  limit: 20,
  hits: [
    {
      ocid: 'ocds-synth1-1-7',
      title: 'Framework agreement – Refuse-collection vehicles',
      buyer: 'Gemeente Utrecht',
      buyer_id: 'NL-KVK-30280353',
      country: 'NL',
      supplier: 'Electra Commercial Vehicles GmbH',
      suppliers: ['Electra Commercial Vehicles GmbH', 'Voorbeeld Trucks B.V.', 'Proef Mobility B.V.'],
      value_eur: 1250000.4,
      end_date: '2027-01-31',
      date: '2025-03-01',
      main_cpv: '34144511-3',
      status: 'active',
      framework: true,
      dps: false,
      cpb: true,
      snippet: [
        { text: 'Supply of electric ', mark: false },
        { text: 'refuse', mark: true },
        { text: ' <b>collection</b> vehicles', mark: false },
      ],
    },
    {
      ocid: 'ocds-synth1-1-9',
      title: 'Street sweepers',
      buyer: 'Stadt Musterhausen',
      buyer_id: null,
      country: 'DE',
      supplier: null,
      suppliers: [],
      value_eur: null,
      end_date: null,
      date: '2025-02-01',
      main_cpv: null,
      status: null,
      framework: false,
      dps: false,
      cpb: false,
      snippet: [],
    },
  ],
  facets: {
    country: [
      { value: 'NL', label: 'Netherlands', count: 9 },
      { value: 'DE', label: 'Germany', count: 3 },
    ],
    cpv_division: [{ value: '34', label: 'Transport equipment', count: 12 }],
    method: [{ value: 'open', label: 'open', count: 11 }],
    instrument: [
      { value: 'framework', label: 'framework', count: 4 },
      { value: 'dps', label: 'dps', count: 1 },
    ],
    year: [{ value: '2025', label: '2025', count: 12 }],
  },
};

const empty: SearchResult = { total: 0, offset: 0, limit: 20, hits: [], facets: {} };

function renderSearch(url: string) {
  window.history.replaceState(null, '', url);
  const announce = vi.fn();
  render(
    <SessionContext.Provider value={{ me, setMe: vi.fn(), announce }}>
      <SearchPage />
    </SessionContext.Provider>,
  );
  return { announce };
}

const searches = (calls: Call[]) => calls.filter((c) => c.url.startsWith('/api/v1/contracts/search?'));

describe('SearchPage', () => {
  beforeEach(() => {
    setLanguage('en');
    setCookie('cobuy_csrf', 'tok-9');
    vi.spyOn(window, 'scrollTo').mockImplementation(() => {});
  });
  afterEach(() => {
    cleanup();
    clearCookie('cobuy_csrf');
  });

  it('asks with the URL’s query and shows hits, facets and the count', async () => {
    const calls = mockFetch(() => json(200, twoHits));
    renderSearch('/contracts?q=refuse&sort=value');
    const count = await screen.findByText('2 contracts found');
    expect(count.getAttribute('role')).toBe('status');
    expect(count.getAttribute('aria-live')).toBe('polite');
    expect(calls[0].url).toBe('/api/v1/contracts/search?q=refuse&sort=value&lang=en');

    const link = screen.getByRole('link', { name: 'Framework agreement – Refuse-collection vehicles' });
    expect(link.getAttribute('href')).toBe('/contracts/ocds-synth1-1-7');
    const card = link.closest('li')!;
    const facts = within(card);
    expect(facts.getByText('Buyer').nextElementSibling!.textContent).toBe('🇳🇱 Gemeente Utrecht · Netherlands');
    expect(card.querySelector('.flag')!.getAttribute('aria-hidden')).toBe('true');
    expect(facts.getByText('Supplier').nextElementSibling!.textContent).toBe(
      'Electra Commercial Vehicles GmbH (and 2 more)',
    );
    expect(facts.getByText('Value').nextElementSibling!.textContent).toBe('€1,250,000');
    expect(facts.getByText('Ends').nextElementSibling!.textContent).toBe('31 January 2027');
    expect(within(card.querySelector('.badges') as HTMLElement).getAllByRole('listitem').map((b) => b.textContent)).toEqual([
      'Framework agreement',
      'Central purchasing body',
    ]);
    // marked segments become <mark>; markup in the text stays text
    const snippet = card.querySelector('.result__snippet')!;
    expect(snippet.querySelector('mark')!.textContent).toBe('refuse');
    expect(snippet.querySelector('b')).toBeNull();
    expect(snippet.textContent).toBe('Matching text: Supply of electric refuse <b>collection</b> vehicles');

    const second = screen.getByRole('link', { name: 'Street sweepers' }).closest('li')!;
    expect(within(second).getByText('Value').nextElementSibling!.textContent).toBe('Not stated');

    // facets: each group a fieldset with a legend, each value a checkbox with its count
    const countries = screen.getByRole('group', { name: 'Buyer’s country' });
    expect(within(countries).getAllByRole('checkbox').map((c) => c.getAttribute('id'))).toEqual([
      'facet-country-NL',
      'facet-country-DE',
    ]);
    expect(screen.getByRole('checkbox', { name: 'Netherlands (9)' })).toBeTruthy();
    expect(screen.getByRole('checkbox', { name: '34 Transport equipment (12)' })).toBeTruthy();
    expect(screen.getByRole('checkbox', { name: 'Open (11)' })).toBeTruthy();
    expect(screen.getByRole('checkbox', { name: 'Dynamic purchasing system (1)' })).toBeTruthy();
    expect(screen.getByRole('navigation', { name: 'Pages of results' }).textContent).toBe(
      '1–2 of 2',
    );
    expect(screen.getByRole('link', { name: 'CSV (spreadsheet)' }).getAttribute('href')).toBe(
      '/api/v1/contracts/search/export?q=refuse&sort=value&format=csv',
    );
    expect(screen.getByRole('link', { name: 'OCDS record package (JSON)' }).getAttribute('href')).toBe(
      '/api/v1/contracts/search/export?q=refuse&sort=value&format=ocds',
    );
    expect((screen.getByRole('combobox', { name: 'Sort by' }) as HTMLSelectElement).value).toBe('value');
  });

  it('ticking a facet puts it in the URL and searches again; unticking takes it out', async () => {
    const calls = mockFetch(() => json(200, twoHits));
    renderSearch('/contracts?q=refuse&offset=20');
    const nl = await screen.findByRole('checkbox', { name: 'Netherlands (9)' });
    fireEvent.click(nl);
    expect(window.location.pathname + window.location.search).toBe('/contracts?q=refuse&country=NL');
    await waitFor(() => expect(searches(calls)).toHaveLength(2));
    expect(searches(calls)[1].url).toBe('/api/v1/contracts/search?q=refuse&country=NL&lang=en');
    await waitFor(() => expect((screen.getByRole('checkbox', { name: 'Netherlands (9)' }) as HTMLInputElement).checked).toBe(true));

    fireEvent.click(screen.getByRole('checkbox', { name: 'Framework agreement (4)' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Dynamic purchasing system (1)' }));
    expect(window.location.search).toBe('?q=refuse&country=NL&instrument=framework&instrument=dps');

    fireEvent.click(screen.getByRole('checkbox', { name: 'Netherlands (9)' }));
    expect(window.location.search).toBe('?q=refuse&instrument=framework&instrument=dps');
    await waitFor(() =>
      expect(searches(calls).at(-1)!.url).toBe(
        '/api/v1/contracts/search?q=refuse&instrument=framework&instrument=dps&lang=en',
      ),
    );
  });

  it('follows back and forward: the box and the results come from the URL', async () => {
    const calls = mockFetch(() => json(200, twoHits));
    renderSearch('/contracts?q=refuse');
    await screen.findByText('2 contracts found');
    window.history.pushState(null, '', '/contracts?q=sweepers&country=DE');
    window.dispatchEvent(new PopStateEvent('popstate'));
    await waitFor(() =>
      expect((screen.getByRole('searchbox', { name: 'Search the register' }) as HTMLInputElement).value).toBe('sweepers'),
    );
    await waitFor(() => expect(searches(calls).at(-1)!.url).toBe('/api/v1/contracts/search?q=sweepers&country=DE&lang=en'));
    expect(
      within(screen.getByRole('list', { name: 'Active filters' }))
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(['Remove filter: Words: “sweepers” ×', 'Remove filter: Buyer’s country: Germany ×', 'Remove all filters']);
  });

  it('submitting the search box sets q and starts at the first page', async () => {
    const calls = mockFetch(() => json(200, twoHits));
    renderSearch('/contracts?country=NL&offset=40');
    await screen.findByText('2 contracts found');
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search the register' }), { target: { value: '  sweepers ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));
    expect(window.location.search).toBe('?q=sweepers&country=NL');
    await waitFor(() => expect(searches(calls).at(-1)!.url).toBe('/api/v1/contracts/search?q=sweepers&country=NL&lang=en'));
  });

  it('with no results, says so and lists the active filters, each with a remove button', async () => {
    mockFetch(() => json(200, empty));
    renderSearch('/contracts?q=zeppelin&country=NL&instrument=dps&unit_prices=1');
    expect(await screen.findByText('No contracts found')).toBeTruthy();
    expect(screen.getByRole('heading', { level: 3, name: 'No contracts match your search' })).toBeTruthy();
    expect(screen.getByText('Check the spelling, or try fewer or more general words.')).toBeTruthy();
    expect(
      screen.getByText(
        'Try removing filters one at a time: the active filters are listed above, each with a button to remove it.',
      ),
    ).toBeTruthy();
    const filters = within(screen.getByRole('list', { name: 'Active filters' }));
    expect(filters.getAllByRole('button').map((b) => b.textContent)).toEqual([
      'Remove filter: Words: “zeppelin” ×',
      'Remove filter: Buyer’s country: Netherlands ×',
      'Remove filter: Instrument: Dynamic purchasing system ×',
      'Remove filter: With unit prices ×',
      'Remove all filters',
    ]);
    fireEvent.click(filters.getByRole('button', { name: 'Remove filter: Buyer’s country: Netherlands' }));
    expect(window.location.search).toBe('?q=zeppelin&instrument=dps&unit_prices=1');
    fireEvent.click(screen.getByRole('button', { name: 'Remove all filters' }));
    expect(window.location.search).toBe('');
    expect(screen.queryByRole('link', { name: 'CSV (spreadsheet)' })).toBeNull();
  });

  it('shows the problem’s detail when the search fails, and tries again', async () => {
    let fail = true;
    const calls = mockFetch(() =>
      fail
        ? json(400, {
            type: 'https://cobuy.eu/problems/validation',
            title: 'Invalid request',
            status: 400,
            detail: 'value_min must be a number',
          })
        : json(200, twoHits),
    );
    renderSearch('/contracts?value_min=abc');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('The search could not be runvalue_min must be a numberTry again');
    expect(screen.queryByText('2 contracts found')).toBeNull();
    fail = false;
    fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('2 contracts found')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(searches(calls)).toHaveLength(2);
  });

  it('applies the value and end-date filters, and refuses an amount it cannot read', async () => {
    mockFetch(() => json(200, twoHits));
    renderSearch('/contracts');
    await screen.findByText('2 contracts found');
    fireEvent.change(screen.getByLabelText('Value from (EUR) (optional)'), { target: { value: 'lots' } });
    fireEvent.click(screen.getByRole('button', { name: 'Apply filters' }));
    expect(screen.getByText('Enter an amount in euro, for example 250000.')).toBeTruthy();
    expect(window.location.search).toBe('');
    fireEvent.change(screen.getByLabelText('Value from (EUR) (optional)'), { target: { value: '250,000' } });
    fireEvent.change(screen.getByLabelText('Contract ends within (optional)'), { target: { value: '12' } });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Only contracts with unit prices' }));
    fireEvent.click(screen.getByRole('button', { name: 'Apply filters' }));
    expect(window.location.search).toBe('?value_min=250000&ends_within=12&unit_prices=1');
  });

  it('saves the search with the CSRF header and the filters as params', async () => {
    const calls = mockFetch((call) =>
      call.method === 'POST'
        ? json(201, {
            id: 7,
            name: 'Refuse trucks NL',
            params: { q: 'refuse', country: 'NL' },
            alerts: true,
            created_at: '2026-11-30T10:00:00Z',
            last_alert_at: null,
          })
        : json(200, twoHits),
    );
    const { announce } = renderSearch('/contracts?q=refuse&country=NL&offset=20');
    await screen.findByText('2 contracts found');
    fireEvent.click(screen.getByRole('button', { name: 'Save search' }));
    expect(screen.getByLabelText('Name of the search').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('Enter a name for the search.')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Name of the search'), { target: { value: 'Refuse trucks NL' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save search' }));
    await waitFor(() => expect(announce).toHaveBeenCalledWith('The search “Refuse trucks NL” has been saved.'));
    const post = calls.find((c) => c.method === 'POST')!;
    expect(post.url).toBe('/api/v1/saved-searches');
    expect(post.headers['x-csrf-token']).toBe('tok-9');
    expect(post.body).toEqual({ name: 'Refuse trucks NL', params: { q: 'refuse', country: 'NL' }, alerts: true });
    expect(screen.getByRole('link', { name: 'Your saved searches' }).getAttribute('href')).toBe('/saved-searches');
  });

  it('speaks German when the interface does', async () => {
    setLanguage('de');
    const calls = mockFetch(() => json(200, twoHits));
    renderSearch('/contracts?q=refuse');
    expect(await screen.findByText('2 Verträge gefunden')).toBeTruthy();
    expect(calls[0].url).toBe('/api/v1/contracts/search?q=refuse&lang=de');
    const card = screen.getByRole('link', { name: 'Framework agreement – Refuse-collection vehicles' }).closest('li')!;
    expect(within(card).getByText('Wert').nextElementSibling!.textContent).toBe('1.250.000\u00a0€');
    expect(within(card).getByText('Auftraggeber').nextElementSibling!.textContent).toBe('🇳🇱 Gemeente Utrecht · Niederlande');
    expect(screen.getByRole('checkbox', { name: 'Offen (11)' })).toBeTruthy();
  });
});
