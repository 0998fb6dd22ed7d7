import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Me } from '../api';
import { formatOrdinal, formatPrice, setLanguage } from '../i18n';
import { PricesPage } from '../pages/market/Prices';
import { paidText, youPaidText } from '../pages/market/shared';
import { json, mockFetch, type Call } from './helpers';
import { renderAs, rowsOf } from './render';
import { benchmark, forbidden, marketActor, utrechtBuyer, withheldBenchmark } from './marketFixtures';

const diesel = benchmark({
  cpv: '09134100-8',
  cpv_label: 'Diesel oil',
  unit: 'LTR',
  unit_name: 'litre',
  count: 40,
  buyers: 12,
  median_eur: 1.45,
  q1_eur: 1.3,
  q3_eur: 1.6,
  min_eur: 0.0925,
  max_eur: 2.1,
  outliers: 2,
  histogram: [
    { from: 0.09, to: 0.5, count: 1 },
    { from: 0.5, to: 2.1, count: 39 },
  ],
});

const markets = [
  {
    cpv_class: '3414',
    cpv_label: 'Heavy-duty motor vehicles',
    country: 'NL',
    contracts: 6,
    total_eur: 8400000,
    suppliers: 2,
    hhi: 5800,
    level: 'high',
    top: [
      { id: 'DE-HRB-99123', name: 'Electra Commercial Vehicles GmbH', share: 0.7 },
      { id: 'NL-KVK-1', name: 'Geesink BV', share: 0.3 },
    ],
  },
  {
    cpv_class: '9051',
    cpv_label: 'Refuse disposal and treatment',
    country: 'FR',
    contracts: 12,
    total_eur: 25000000.4,
    suppliers: 6,
    hhi: 1800.4,
    level: 'moderate',
    top: [{ id: 'FR-1', name: 'Valorisation Rhône SA', share: 0.35 }],
  },
];

const consolidation = {
  opportunities: [
    {
      supplier: { id: 'DE-HRB-99123', name: 'Electra Commercial Vehicles GmbH' },
      cpv_class: '3414',
      cpv_label: 'Heavy-duty motor vehicles',
      buyers: [
        { id: 'NL-KVK-30280353', name: 'Gemeente Utrecht', country: 'NL' },
        { id: 'IT-CF-1', name: 'Comune di Milano', country: 'IT' },
        { id: 'AT-1', name: 'Stadt Wien', country: 'AT' },
      ],
      contracts: 3,
      total_eur: 3600000,
      ocids: ['ocds-a', 'ocds-b', 'ocds-c'],
    },
  ],
};

const myPrices = {
  organisation: { id: 2, name: 'Gemeente Utrecht' },
  items: [
    {
      cpv: '34144511-3',
      cpv_label: 'Refuse-collection vehicles',
      unit: 'H87',
      you_paid_eur: 310000,
      count: 2,
      peers: 8,
      peer_median_eur: 285000,
      q1_eur: 262000,
      q3_eur: 301000,
      percentile: 80,
      flag: 'high',
      withheld: false,
    },
    {
      cpv: '09134100-8',
      cpv_label: 'Diesel oil',
      unit: 'LTR',
      you_paid_eur: null,
      count: 4,
      peers: 2,
      peer_median_eur: null,
      q1_eur: null,
      q3_eur: null,
      percentile: null,
      flag: null,
      withheld: true,
    },
  ],
};

const warnings = {
  warnings: [
    {
      code: 'single_bid',
      procedure: 'open',
      count: 3,
      of: 10,
      threshold_days: null,
      ocids: ['ocds-synth1-1-3', 'ocds-synth1-1-4', 'ocds-synth1-1-5'],
      advice: 'Three of your ten open procedures received one tender only: talking to the market before publishing may bring more.',
    },
    {
      code: 'short_submission',
      procedure: 'open',
      count: 2,
      of: 10,
      threshold_days: 30,
      ocids: [],
      advice: 'Two open procedures gave less than 30 days to tender: longer periods let more suppliers answer.',
    },
  ],
};

function server(routes: Record<string, (call: Call) => Response> = {}) {
  return mockFetch((call) => {
    const key = `${call.method} ${call.url.split('?')[0]}`;
    if (routes[key]) return routes[key](call);
    if (key === 'GET /api/v1/prices') return json(200, { min_peers: 5, benchmarks: [benchmark(), withheldBenchmark, diesel] });
    if (key === 'GET /api/v1/market/concentration') return json(200, { markets });
    if (key === 'GET /api/v1/market/consolidation') return json(200, consolidation);
    if (key === 'GET /api/v1/countries') {
      return json(200, {
        countries: [
          { code: 'NL', name: 'Netherlands', flag: '', eu: true, eea: true, efta: false, eligible: true },
          { code: 'FR', name: 'France', flag: '', eu: true, eea: true, efta: false, eligible: true },
        ],
      });
    }
    if (key === 'GET /api/v1/organisations/2/prices') return json(200, myPrices);
    if (key === 'GET /api/v1/organisations/2/warnings') return json(200, warnings);
    if (key === 'GET /api/v1/cpv') {
      return json(200, { results: [{ code: '09134100-8', label: 'Diesel oil', level: 'subcategory', matched_language: 'en', matched_label: 'Diesel oil' }] });
    }
    return json(404, { status: 404, title: 'Not found' });
  });
}

function renderPage(me: Me) {
  renderAs(me, <PricesPage />);
}

const allRowsOf = (table: HTMLElement) => rowsOf(table, true);

describe('prices in words', () => {
  afterEach(() => setLanguage('en'));

  it('compares a price with the peers’ in each language', () => {
    setLanguage('en');
    expect(formatPrice(285000)).toBe('€285,000.00');
    expect(formatPrice(0.0925)).toBe('€0.0925');
    expect([1, 2, 3, 4, 11, 22, 80].map(formatOrdinal)).toEqual(['1st', '2nd', '3rd', '4th', '11th', '22nd', '80th']);
    expect(paidText(285000, 'H87', 300000, 40)).toBe('Paid €285,000.00 per piece; peers’ median €300,000.00; 40th percentile.');
    expect(youPaidText(1.9, 'KGM', 2.1, 30.4)).toBe('You paid €1.90 per kilogram; peers’ median €2.10; you are at the 30th percentile.');
    setLanguage('de');
    expect(youPaidText(310000, 'H87', 285000, 80).replace(/\s/g, ' ')).toBe(
      'Sie zahlten 310.000,00 € je Stück; Median der anderen Auftraggeber 285.000,00 €; Sie liegen beim 80. Perzentil.',
    );
    setLanguage('fr');
    expect(youPaidText(310000, 'H87', 285000, 80).replace(/\s/g, ' ')).toBe(
      'Vous avez payé 310 000,00 € par pièce ; médiane des pairs 285 000,00 € ; vous êtes au 80e centile.',
    );
    expect(formatOrdinal(1)).toBe('1er');
  });
});

describe('the prices and markets page', () => {
  beforeEach(() => {
    setLanguage('en');
    vi.spyOn(window, 'scrollTo').mockImplementation(() => {});
    window.history.replaceState(null, '', '/prices');
  });
  afterEach(() => cleanup());

  it('shows the benchmarks of a CPV prefix, withheld ones said as such, each with a distribution chart', async () => {
    const calls = server();
    renderPage(utrechtBuyer);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Prices and markets');
    const section = screen.getByRole('region', { name: 'Price benchmarks' });
    fireEvent.change(within(section).getByLabelText('CPV code or its first digits'), { target: { value: '3414' } });
    fireEvent.click(within(section).getByRole('button', { name: 'Show the benchmarks' }));
    const table = await within(section).findByRole('table', { name: 'Unit prices per CPV code and unit, in euro (a benchmark needs at least 5 buyers)' });
    expect(calls.filter((c) => c.url.startsWith('/api/v1/prices')).map((c) => c.url)).toEqual(['/api/v1/prices?cpv=3414']);
    expect(window.location.search).toBe('?cpv=3414');
    expect(screen.getByTestId('benchmarks-summary').textContent).toBe('3 benchmarks for CPV codes starting with 3414.');
    expect(allRowsOf(table)).toEqual([
      ['CPV code', 'Unit', 'Prices', 'Buyers', 'First quartile', 'Median', 'Third quartile', 'Lowest', 'Highest', 'Outliers'],
      ['34144511-3 Refuse-collection vehicles', 'piece', '24', '9', '€262,000.50', '€285,000.00', '€301,000.00', '€240,000.00', '€360,000.00', '1'],
      ['34144512-0 Refuse-compaction vehicles', 'piece', 'Not shown: fewer than 5 buyers (3)'],
      ['09134100-8 Diesel oil', 'litre', '40', '12', '€1.30', '€1.45', '€1.60', '€0.0925', '€2.10', '2'],
    ]);
    // one chart per benchmark with figures, none for the withheld one
    const charts = within(section).getAllByRole('img');
    expect(charts.map((c) => c.tagName.toLowerCase())).toEqual(['svg', 'svg']);
    expect(charts[0].getAttribute('aria-label')).toBe(
      'Price distribution: 34144511-3 Refuse-collection vehicles, per piece: lowest €240,000.00, first quartile €262,000.50, median €285,000.00, third quartile €301,000.00, highest €360,000.00; 24 prices from 9 buyers',
    );
    expect(charts[0].querySelectorAll('rect.chart__bar--hist')).toHaveLength(3);
    expect(charts[1].textContent).toContain('Euro per litre (logarithmic scale)');
    expect(charts[0].textContent).toContain('Euro per piece');
    const histogram = within(section).getByRole('table', { name: 'Price distribution: 34144511-3 Refuse-collection vehicles, per piece' });
    expect(allRowsOf(histogram)).toEqual([
      ['Price range', 'Prices'],
      ['€240,000.00 to €270,000.00', '8'],
      ['€270,000.00 to €300,000.00', '10'],
      ['€300,000.00 to €360,000.00', '6'],
    ]);
  });

  it('finds the CPV code by name, and refuses a prefix that is not digits', async () => {
    const calls = server();
    renderPage(utrechtBuyer);
    const section = screen.getByRole('region', { name: 'Price benchmarks' });
    const digits = within(section).getByLabelText('CPV code or its first digits');
    fireEvent.change(digits, { target: { value: 'diesel' } });
    fireEvent.click(within(section).getByRole('button', { name: 'Show the benchmarks' }));
    expect(document.getElementById('prices-cpv-error')!.textContent).toBe('Error: Enter 1 to 8 digits of a CPV code, for example 09.');
    expect(digits.getAttribute('aria-invalid')).toBe('true');
    const picker = within(section).getByRole('combobox', { name: 'Or find a CPV code by name' });
    fireEvent.change(picker, { target: { value: 'diesel' } });
    await waitFor(() => expect(picker.getAttribute('aria-expanded')).toBe('true'));
    fireEvent.click(within(section).getByRole('option', { name: /09134100-8/ }));
    await within(section).findByRole('table', { name: /^Unit prices per CPV code/ });
    expect(calls.filter((c) => c.url.startsWith('/api/v1/prices')).map((c) => c.url)).toEqual(['/api/v1/prices?cpv=09134100']);
    expect((digits as HTMLInputElement).value).toBe('09134100');
    expect(digits.getAttribute('aria-invalid')).toBeNull();
  });

  it('reads the CPV prefix from the address', async () => {
    window.history.replaceState(null, '', '/prices?cpv=09');
    const calls = server({ 'GET /api/v1/prices': () => json(200, { min_peers: 5, benchmarks: [] }) });
    renderPage(utrechtBuyer);
    expect(await screen.findByText('No unit prices are published for CPV codes starting with 09.')).toBeTruthy();
    expect(calls.find((c) => c.url.startsWith('/api/v1/prices'))!.url).toBe('/api/v1/prices?cpv=09');
  });

  it('shows market concentration as a chart and a table, filtered by CPV and country', async () => {
    const calls = server();
    renderPage(utrechtBuyer);
    const section = screen.getByRole('region', { name: 'Market concentration' });
    const table = await within(section).findByRole('table', { name: 'Supplier concentration per CPV class and country' });
    expect(allRowsOf(table)).toEqual([
      ['Market', 'Country', 'Contracts', 'Total value', 'Suppliers', 'HHI', 'Concentration', 'Largest suppliers (share)'],
      ['3414 Heavy-duty motor vehicles', 'Netherlands', '6', '€8,400,000', '2', '5,800', 'High', 'Electra Commercial Vehicles GmbH 70%Geesink BV 30%'],
      ['9051 Refuse disposal and treatment', 'France', '12', '€25,000,000', '6', '1,800', 'Moderate', 'Valorisation Rhône SA 35%'],
    ]);
    const chart = within(section).getByTestId('hhi-chart');
    expect(chart.getAttribute('role')).toBe('img');
    expect(chart.getAttribute('aria-label')).toBe(
      'HHI of the 2 most concentrated markets: Heavy-duty motor vehicles · Netherlands 5,800 (High); Refuse disposal and treatment · France 1,800 (Moderate)',
    );
    expect([...chart.querySelectorAll('rect')].map((r) => r.getAttribute('class'))).toEqual([
      'chart__bar chart__bar--level-high',
      'chart__bar chart__bar--level-moderate',
    ]);
    expect(allRowsOf(within(section).getByRole('table', { name: 'HHI of the 2 most concentrated markets' }))).toEqual([
      ['Market', 'HHI', 'Concentration'],
      ['Heavy-duty motor vehicles · Netherlands', '5,800', 'High'],
      ['Refuse disposal and treatment · France', '1,800', 'Moderate'],
    ]);
    expect(screen.getByTestId('concentration-summary').textContent).toBe('2 markets, the most concentrated first.');

    const country = within(section).getByLabelText('Buyers’ country') as HTMLSelectElement;
    await waitFor(() => expect([...country.options].map((o) => o.textContent)).toEqual(['All countries', 'France', 'Netherlands']));
    fireEvent.change(within(section).getByLabelText('CPV code or its first digits'), { target: { value: '34' } });
    fireEvent.change(country, { target: { value: 'NL' } });
    fireEvent.click(within(section).getByRole('button', { name: 'Show' }));
    await waitFor(() =>
      expect(calls.filter((c) => c.url.startsWith('/api/v1/market/concentration')).map((c) => c.url)).toEqual([
        '/api/v1/market/concentration',
        '/api/v1/market/concentration?cpv=34&country=NL',
      ]),
    );
  });

  it('lists the consolidation opportunities', async () => {
    const calls = server();
    renderPage(utrechtBuyer);
    const section = screen.getByRole('region', { name: 'Consolidation' });
    const table = await within(section).findByRole('table', { name: 'Suppliers serving three or more buyers on separate contracts' });
    expect(allRowsOf(table)).toEqual([
      ['Supplier', 'Market', 'Buyers', 'Contracts', 'Total value'],
      [
        'Electra Commercial Vehicles GmbH',
        '3414 Heavy-duty motor vehicles',
        'Gemeente Utrecht (Netherlands); Comune di Milano (Italy); Stadt Wien (Austria)',
        '3',
        '€3,600,000',
      ],
    ]);
    fireEvent.change(within(section).getByLabelText('CPV code or its first digits'), { target: { value: '90' } });
    fireEvent.click(within(section).getByRole('button', { name: 'Show' }));
    await waitFor(() =>
      expect(calls.filter((c) => c.url.startsWith('/api/v1/market/consolidation')).map((c) => c.url)).toEqual([
        '/api/v1/market/consolidation',
        '/api/v1/market/consolidation?cpv=90',
      ]),
    );
  });

  it('compares my organisation’s prices with its peers’ and gives its early warnings as advice', async () => {
    const calls = server();
    renderPage(utrechtBuyer);
    const section = screen.getByRole('region', { name: 'My organisation: Gemeente Utrecht' });
    const table = await within(section).findByRole('table', { name: 'Your median prices compared with your peers’' });
    expect(allRowsOf(table)).toEqual([
      ['CPV code', 'Unit', 'Comparison', 'Assessment'],
      [
        '34144511-3 Refuse-collection vehicles',
        'piece',
        'You paid €310,000.00 per piece; peers’ median €285,000.00; you are at the 80th percentile.',
        'Higher than most peers',
      ],
      ['09134100-8 Diesel oil', 'litre', 'Not shown: fewer than 5 buyers (2)', '–'],
    ]);
    const list = await within(section).findByTestId('warnings');
    const advice = within(list).getAllByRole('listitem').filter((li) => li.parentElement === list);
    expect(advice.map((li) => li.querySelector('.notice__title')!.textContent)).toEqual(['Single bids · Open', 'Short submission periods · Open']);
    expect(advice.map((li) => li.querySelector('.prose')!.textContent)).toEqual([warnings.warnings[0].advice, warnings.warnings[1].advice]);
    expect(advice.map((li) => li.querySelector('p.muted')!.textContent)).toEqual([
      '3 of 10 procedures concerned.',
      '2 of 10 procedures concerned. Threshold: 30 days.',
    ]);
    expect(within(advice[0]).getByRole('link', { name: 'ocds-synth1-1-3' }).getAttribute('href')).toBe('/contracts/ocds-synth1-1-3');
    expect(within(section).getByText('Advice drawn from your organisation’s own published procedures: a prompt to look closer, not a sanction.')).toBeTruthy();
    expect(calls.map((c) => c.url)).toContain('/api/v1/organisations/2/warnings?lang=en');
    expect(calls.map((c) => c.url)).toContain('/api/v1/organisations/2/prices');
  });

  it('tells a market actor that prices are for public buyers', async () => {
    const calls = server({
      'GET /api/v1/market/concentration': () => json(403, forbidden),
      'GET /api/v1/market/consolidation': () => json(403, forbidden),
    });
    renderPage(marketActor);
    const notice = await screen.findByTestId('forbidden');
    expect(notice.querySelector('.notice__title')!.textContent).toBe('Not allowed');
    expect(within(notice).getByTestId('market-problem').textContent).toBe('market actors may not see what buyers plan and pay');
    expect(screen.queryByRole('region', { name: 'Price benchmarks' })).toBeNull();
    expect(calls.some((c) => c.url.includes('/organisations/'))).toBe(false);
  });
});
