import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ContractDetail, Me } from '../api';
import { setLanguage } from '../i18n';
import { ContractPage } from '../pages/Contract';
import { json, mockFetch, type Call } from './helpers';
import { renderAs } from './render';
import { marketActor, utrechtBuyer } from './marketFixtures';

const contract: ContractDetail = {
  ocid: 'ocds-synth1-1-7',
  title: 'Vuilniswagens',
  description: null,
  language: 'nl',
  status: 'active',
  procurement_method: 'open',
  procurement_method_details: null,
  main_category: 'goods',
  main_cpv: { code: '34144511-3', label: 'Refuse-collection vehicles' },
  buyer: { name: 'Gemeente Utrecht', id: 'NL-KVK-30280353', country: 'NL', region: null, address: null, contact: null },
  procuring_entity: null,
  value: null,
  awarded_eur: null,
  contracted_eur: null,
  tender_period: null,
  award_date: null,
  contract_period: null,
  timeline: [],
  lots: [],
  items: [],
  suppliers: [],
  documents: [],
  eligibility: {
    framework: false,
    dps: false,
    cpb: false,
    buyer_categories: null,
    max_participants: null,
    end_date: null,
    verdict: 'not_usable',
    reasons: [],
  },
};

const prices = {
  items: [
    {
      description: 'Elektrische vuilniswagen',
      cpv: '34144511-3',
      quantity: 6,
      unit: 'H87',
      unit_price_eur: 310000,
      price_eur: 310000,
      peers: 8,
      peer_median_eur: 285000,
      percentile: 87.5,
      flag: 'high',
      withheld: false,
    },
    {
      description: 'Laadpalen',
      cpv: '31681410-0',
      quantity: 12,
      unit: 'H87',
      unit_price_eur: 1400,
      price_eur: 1400,
      peers: 3,
      peer_median_eur: null,
      percentile: null,
      flag: null,
      withheld: true,
    },
  ],
};

function server(routes: Record<string, (call: Call) => Response> = {}) {
  return mockFetch((call) => {
    const key = `${call.method} ${call.url.split('?')[0]}`;
    if (routes[key]) return routes[key](call);
    if (key === 'GET /api/v1/contracts/ocds-synth1-1-7') return json(200, contract);
    if (key === 'GET /api/v1/contracts/ocds-synth1-1-7/prices') return json(200, prices);
    return json(404, { status: 404, title: 'Not found' });
  });
}

function renderContract(me: Me) {
  renderAs(me, <ContractPage ocid="ocds-synth1-1-7" />);
}

describe('the price benchmark on a contract', () => {
  beforeEach(() => {
    setLanguage('en');
    vi.spyOn(window, 'scrollTo').mockImplementation(() => {});
  });
  afterEach(() => cleanup());

  it('compares each priced item with the peers’ prices, and says which are withheld', async () => {
    const calls = server();
    renderContract(utrechtBuyer);
    const panel = await screen.findByRole('region', { name: 'Price benchmark' });
    expect(calls.map((c) => c.url)).toEqual(['/api/v1/contracts/ocds-synth1-1-7?lang=en', '/api/v1/contracts/ocds-synth1-1-7/prices']);
    expect(within(panel).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Elektrische vuilniswagen 34144511-3: Paid €310,000.00 per piece; peers’ median €285,000.00; 88th percentile. Higher than most peers',
      'Laadpalen 31681410-0: Not shown: fewer than 5 buyers (3)',
    ]);
    expect(within(panel).getAllByText(/./, { selector: 'strong' })[0].getAttribute('lang')).toBe('nl');
    // the panel sits before the suppliers
    const headings = screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent);
    expect(headings.indexOf('Price benchmark')).toBe(headings.indexOf('Suppliers') - 1);
  });

  it('words the comparison in German', async () => {
    setLanguage('de');
    server();
    renderContract(utrechtBuyer);
    const panel = await screen.findByRole('region', { name: 'Preisvergleich' });
    expect(within(panel).getAllByTestId('price-comparison')[0].textContent!.replace(/\s/g, ' ')).toBe(
      'Bezahlt: 310.000,00 € je Stück; Median der anderen Auftraggeber 285.000,00 €; 88. Perzentil.',
    );
    expect(within(panel).getAllByTestId('price-comparison')[1].textContent).toBe('Nicht angezeigt: weniger als 5 Auftraggeber (3)');
  });

  it('is hidden when no item has a price', async () => {
    const calls = server({ 'GET /api/v1/contracts/ocds-synth1-1-7/prices': () => json(200, { items: [] }) });
    renderContract(utrechtBuyer);
    await screen.findByRole('region', { name: 'Suppliers' });
    await waitFor(() => expect(calls).toHaveLength(2));
    expect(screen.queryByRole('region', { name: 'Price benchmark' })).toBeNull();
  });

  it('is hidden when the prices cannot be read, and not asked for by a market actor', async () => {
    const calls = server();
    renderContract(marketActor);
    await screen.findByRole('region', { name: 'Suppliers' });
    expect(calls.map((c) => c.url)).toEqual(['/api/v1/contracts/ocds-synth1-1-7?lang=en']);
    expect(screen.queryByRole('region', { name: 'Price benchmark' })).toBeNull();
    cleanup();
    server({ 'GET /api/v1/contracts/ocds-synth1-1-7/prices': () => json(500, { status: 500, title: 'Internal error' }) });
    renderContract(utrechtBuyer);
    await screen.findByRole('region', { name: 'Suppliers' });
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.queryByRole('region', { name: 'Price benchmark' })).toBeNull();
  });
});
