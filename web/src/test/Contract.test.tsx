import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ContractDetail } from '../api';
import { setLanguage } from '../i18n';
import { ContractPage, reasonText } from '../pages/Contract';
import { SessionContext } from '../session';
import { json, mockFetch } from './helpers';

const contract: ContractDetail = {
  ocid: 'ocds-synth1-1-7',
  title: 'Raamovereenkomst – Vuilniswagens',
  description: 'Levering van elektrische vuilniswagens (synthetische gegevens)',
  language: 'nl',
  status: 'active',
  procurement_method: 'open',
  procurement_method_details: 'Openbare procedure',
  main_category: 'goods',
  main_cpv: { code: '34144511-3', label: 'Refuse-collection vehicles' },
  buyer: {
    name: 'Gemeente Voorbeelddam',
    id: 'NL-KVK-99123456',
    country: 'NL',
    region: 'Utrecht',
    address: 'Stadsplein 1, 3500 AA Voorbeelddam',
    contact: { name: 'Inkoopteam', email: 'inkoop@voorbeelddam.example', telephone: '+31 30 123 4567', url: null },
  },
  procuring_entity: null,
  value: { amount: 2400000, currency: 'EUR', eur: 2400000 },
  awarded_eur: 2300000,
  contracted_eur: null,
  tender_period: { start: '2025-01-10', end: '2025-02-20' },
  award_date: '2025-04-01',
  contract_period: { start: '2025-05-01', end: '2029-04-30' },
  timeline: [
    { date: '2025-01-10T00:00:00Z', release_id: 'r1', tags: ['tender'], changes: [] },
    { date: '2025-04-01T00:00:00Z', release_id: 'r2', tags: ['award'], changes: ['tender/status', 'awards'] },
  ],
  lots: [{ id: '1', title: 'Perceel 1', status: 'active', value_eur: 1200000 }],
  items: [
    {
      source: 'award',
      description: 'Elektrische vuilniswagen',
      cpv: '34144511-3',
      cpv_label: 'Refuse-collection vehicles',
      quantity: 6,
      unit: 'piece',
      unit_price: { amount: 4200000, currency: 'SEK', eur: 372340.5 },
    },
  ],
  suppliers: [{ name: 'Electra Commercial Vehicles GmbH', id: 'DE-HRB-99123', country: 'DE' }],
  documents: [
    { title: 'Bestek', url: 'https://example.org/bestek.pdf', type: 'tenderNotice', format: 'application/pdf', date: null, source: 'tender' },
  ],
  eligibility: {
    framework: true,
    dps: false,
    cpb: false,
    buyer_categories: 'Alle gemeenten in NUTS-regio NL31 en hun uitvoeringsorganisaties',
    max_participants: 12,
    end_date: '2029-04-30',
    verdict: 'ask_lead_buyer',
    reasons: [
      { code: 'categories_unclear', params: {} },
      { code: 'max_participants', params: { max: '12' } },
      { code: 'expired', params: { end_date: '2024-01-01' } },
    ],
  },
};

function renderContract(ocid: string) {
  render(
    <SessionContext.Provider value={{ me: null, setMe: vi.fn(), announce: vi.fn() }}>
      <ContractPage ocid={ocid} />
    </SessionContext.Provider>,
  );
}

describe('ContractPage', () => {
  beforeEach(() => {
    setLanguage('en');
    vi.spyOn(window, 'scrollTo').mockImplementation(() => {});
  });
  afterEach(() => cleanup());

  it('shows the eligibility panel with its verdict and translated reasons', async () => {
    const calls = mockFetch(() => json(200, contract));
    renderContract('ocds-synth1-1-7');
    const panel = await screen.findByRole('region', { name: 'Can we use this contract?' });
    expect(calls[0].url).toBe('/api/v1/contracts/ocds-synth1-1-7?lang=en');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Raamovereenkomst – Vuilniswagens');
    expect(within(panel).getByTestId('verdict').textContent).toBe('?Verdict: Ask the lead buyer');
    expect(within(panel).getByTestId('reasons').textContent).toBe(
      [
        'Buyer categories are published but could not be matched to your organisation automatically.',
        'The number of participants is capped at 12.',
        'It ended on 1 January 2024.',
      ].join(''),
    );
    const quote = within(panel).getByTestId('buyer-categories');
    expect(quote.tagName).toBe('BLOCKQUOTE');
    expect(quote.getAttribute('lang')).toBe('nl');
    expect(quote.textContent).toBe('Alle gemeenten in NUTS-regio NL31 en hun uitvoeringsorganisaties');
    expect(within(panel).getByText('Framework agreement').nextElementSibling!.textContent).toBe('Yes');
    expect(within(panel).getByText('Dynamic purchasing system (DPS)').nextElementSibling!.textContent).toBe('No');
    expect(within(panel).getByText('Maximum number of participants').nextElementSibling!.textContent).toBe('12');
    expect(within(panel).getByText('Ends').nextElementSibling!.textContent).toBe('30 April 2029');
    expect(
      within(panel).getByText(
        'This is guidance drawn from the published data, not a legal assessment. Whether your organisation may use the contract is decided by the lead buyer.',
      ),
    ).toBeTruthy();

    // the rest of the page
    expect(screen.getByTestId('contract-status').textContent).toBe('Active');
    expect(screen.getByTestId('contract-value').textContent).toBe('€2,400,000');
    const items = screen.getByRole('table', { name: 'Items of the tender, the awards and the contracts, with unit prices where published' });
    expect(within(items).getAllByRole('columnheader').map((th) => th.getAttribute('scope'))).toEqual(['col', 'col', 'col', 'col', 'col']);
    expect(within(items).getByRole('rowheader').textContent).toBe('Elektrische vuilniswagen');
    expect(within(items).getAllByRole('cell')[2].textContent).toMatch(/^€372,340\.50 \(published as SEK\s4,200,000\.00\)$/);
    const timeline = screen.getByRole('region', { name: 'History' }).querySelector('ol')!;
    expect([...timeline.querySelectorAll('li')].map((li) => li.textContent)).toEqual([
      '10 January 2025 · Stage: TenderFirst publication',
      '1 April 2025 · Stage: AwardChanged: tender/status, awards',
    ]);
    const doc = screen.getByRole('link', { name: 'Bestek' });
    expect(doc.getAttribute('href')).toBe('https://example.org/bestek.pdf');
    expect(doc.getAttribute('rel')).toBe('noopener noreferrer');
    expect(doc.getAttribute('target')).toBeNull();
    expect(screen.getByRole('link', { name: 'inkoop@voorbeelddam.example' }).getAttribute('href')).toBe(
      'mailto:inkoop@voorbeelddam.example',
    );
    expect(screen.getByRole('region', { name: 'Suppliers' }).textContent).toBe(
      'Suppliers🇩🇪 Electra Commercial Vehicles GmbH · Germany DE-HRB-99123',
    );
  });

  it('words the verdict and reasons in French', async () => {
    setLanguage('fr');
    mockFetch(() => json(200, { ...contract, eligibility: { ...contract.eligibility, verdict: 'likely_usable' } }));
    renderContract('ocds-synth1-1-7');
    const panel = await screen.findByRole('region', { name: 'Pouvons-nous utiliser ce marché ?' });
    expect(within(panel).getByTestId('verdict').textContent).toBe('✓Avis : Probablement utilisable');
    expect(within(panel).getAllByRole('listitem')[1].textContent).toBe('Le nombre de participants est limité à 12.');
  });

  it('turns every reason code of the API into a sentence', () => {
    const codes: Array<[string, Record<string, string>, string]> = [
      ['not_framework', {}, 'It is neither a framework agreement, a dynamic purchasing system nor run by a central purchasing body.'],
      ['expired', { end_date: '2024-01-01' }, 'It ended on 1 January 2024.'],
      ['no_end_date', {}, 'Its end date is not published.'],
      ['named_buyers_only', { buyers: 'Gemeente Utrecht' }, 'Only the buyers it names may use it, and your organisation is not among them: Gemeente Utrecht.'],
      ['named_buyer', { buyer: 'Ville de Lyon' }, 'Your organisation is named among its buyers: Ville de Lyon.'],
      ['own_contract', {}, 'Your organisation is its buyer.'],
      ['categories_match', { category: 'all municipalities in NL31' }, 'The buyer categories cover your organisation: all municipalities in NL31.'],
      ['categories_unclear', {}, 'Buyer categories are published but could not be matched to your organisation automatically.'],
      ['no_categories', {}, 'No buyer categories are published.'],
      ['country_mismatch', { country: 'FR' }, 'It is limited to buyers in another country: France.'],
      ['max_participants', { max: '3' }, 'The number of participants is capped at 3.'],
      ['cpb', { buyer: 'SKI' }, 'A central purchasing body, SKI, runs it for other buyers.'],
      ['dps_open', {}, 'A dynamic purchasing system admits new participants during its whole term.'],
      ['something_new', {}, 'something_new'],
    ];
    for (const [code, params, text] of codes) expect(reasonText({ code, params })).toBe(text);
  });

  it('says when the contract does not exist and leads back to the search', async () => {
    mockFetch(() =>
      json(404, { type: 'https://cobuy.eu/problems/not-found', title: 'Not found', status: 404, detail: 'no such process' }),
    );
    renderContract('ocds-nope');
    expect(await screen.findByRole('heading', { level: 1, name: 'Contract not found' })).toBeTruthy();
    expect(
      screen.getByText(
        'There is no process with the identifier ocds-nope in the register. The link may be incomplete, or the process may have been withdrawn.',
      ),
    ).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Back to the contract search' }).getAttribute('href')).toBe('/contracts');
    await waitFor(() => expect(document.title).toBe('Contract not found – Cobuy'));
  });
});
