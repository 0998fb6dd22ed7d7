import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Me } from '../api';
import { setLanguage } from '../i18n';
import { frameworkOf, OpportunitiesPage } from '../pages/market/Opportunities';
import { person } from './fixtures';
import { clearCookie, json, mockFetch, setCookie, type Call } from './helpers';
import { renderAs } from './render';
import { forbidden, marketActor, opportunity, utrechtBuyer } from './marketFixtures';

const framework = opportunity({
  key: '9051',
  cpv: '90510000',
  cpv_label: 'Refuse disposal and treatment',
  buyers: [
    { id: 'FR-SIRET-21690123100011', name: 'Ville de Lyon', country: 'FR', organisation_id: 3 },
    { id: 'IT-CF-01199250158', name: 'Comune di Milano', country: 'IT', organisation_id: 5 },
    { id: 'DK-CVR-1', name: 'Københavns Kommune', country: 'DK', organisation_id: null },
  ],
  contracts: [
    {
      ocid: 'ocds-synth1-3-2',
      title: 'Framework: refuse treatment',
      buyer_id: 'DK-CVR-1',
      end_date: '2029-12-31',
      value_eur: 9000000,
      suppliers: [],
      is_framework: true,
    },
  ],
  pipeline: [],
  suppliers: [],
  combined_value_eur: 9000000,
  timing: { from: '2027-01-10', to: '2027-11-30', span_days: 324 },
  score: 40,
  score_parts: { buyers: 15, value: 15, timing: 0, shared_suppliers: 0, pipeline: 10 },
  action: { code: 'use_framework', framework: 'ocds-synth1-3-2', reason: 'A framework agreement open to other buyers runs until 31 December 2029.' },
});

const result = {
  as_of: '2026-12-01',
  parameters: { cpv_digits: 4, min_buyers: 3, window_months: 12 },
  opportunities: [opportunity({ mine: true }), framework],
};

function server(routes: Record<string, (call: Call) => Response> = {}) {
  return mockFetch((call) => {
    const key = `${call.method} ${call.url.split('?')[0]}`;
    if (routes[key]) return routes[key](call);
    if (key === 'GET /api/v1/opportunities') return json(200, result);
    return json(404, { status: 404, title: 'Not found' });
  });
}

function renderPage(me: Me) {
  return renderAs(me, <OpportunitiesPage />);
}

const items = (el: HTMLElement) => within(el).getAllByRole('listitem').map((li) => li.textContent);

describe('collaboration opportunities', () => {
  beforeEach(() => {
    setLanguage('en');
    setCookie('cobuy_csrf', 'tok-o');
    vi.spyOn(window, 'scrollTo').mockImplementation(() => {});
    window.history.replaceState(null, '', '/opportunities');
  });
  afterEach(() => {
    cleanup();
    clearCookie('cobuy_csrf');
  });

  it('explains each opportunity: buyers, value, timing, score, action, contracts, pipeline and suppliers', async () => {
    const calls = server();
    renderPage(utrechtBuyer);
    const card = await screen.findByRole('article', { name: 'Heavy-duty motor vehicles 34140000' });
    expect(calls[0].url).toBe('/api/v1/opportunities?cpv_digits=4&min_buyers=3&window_months=12&lang=en');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Collaboration opportunities');
    expect(screen.getByTestId('opportunities-summary').textContent).toBe(
      '2 opportunities as of 1 December 2026: CPV classes of 4 digits, at least 3 buyers, needs within 12 months.',
    );
    expect(within(card).getByText('Your organisation is among the buyers')).toBeTruthy();
    const facts = within(card).getByTestId('opportunity-facts');
    expect([...facts.querySelectorAll(':scope > div > dt')].map((dt) => dt.textContent)).toEqual(['Score', 'Combined value', 'Timing']);
    expect(facts.querySelector('dd')!.firstChild!.textContent).toBe('71.5 of 100');
    expect(items(within(card).getByRole('list', { name: 'Parts of the score' }))).toEqual([
      'Buyers: 15 of 35',
      'Value: 16.5 of 25',
      'Timing: 20 of 20',
      'Shared suppliers: 10 of 10',
      'Pipeline: 10 of 10',
    ]);
    expect(within(card).getByText('Combined value').nextElementSibling!.textContent).toBe('€5,400,000');
    expect(within(card).getByText('Timing', { selector: 'dt' }).nextElementSibling!.textContent).toBe('1 March 2027 to 30 April 2027 (60 days)');
    expect(within(card).getByTestId('opportunity-action').textContent).toBe(
      'Suggested actionProcure jointlyThe needs of 3 buyers fall within 2 months of each other.',
    );
    expect(within(card).getByRole('heading', { level: 4, name: 'Buyers (3)' })).toBeTruthy();
    expect(items(within(card).getByTestId('opportunity-buyers'))).toEqual([
      '🇫🇷 Ville de Lyon · France',
      '🇳🇱 Gemeente Utrecht · Netherlands (your organisation)',
      '🇮🇹 Comune di Milano · Italy',
    ]);
    expect(items(within(card).getByTestId('opportunity-contracts'))).toEqual([
      'Vuilniswagens · Gemeente Utrecht · ends 30 April 2027 · €1,200,000 · Electra Commercial Vehicles GmbH',
    ]);
    expect(within(card).getByRole('link', { name: 'Vuilniswagens' }).getAttribute('href')).toBe('/contracts/ocds-synth1-1-7');
    expect(items(within(card).getByTestId('opportunity-pipeline'))).toEqual([
      'Electric refuse collection vehicles · Ville de Lyon · tender planned for 1 March 2027 · €4,200,000 Open to collaboration',
    ]);
    expect(within(card).getByRole('link', { name: 'Electric refuse collection vehicles' }).getAttribute('href')).toBe('/pipeline/7');
    expect(items(within(card).getByTestId('opportunity-suppliers'))).toEqual([
      'Electra Commercial Vehicles GmbH Shared · supplies Gemeente Utrecht, Comune di Milano',
      'Benne Lyonnaise SA · supplies Ville de Lyon',
    ]);
  });

  it('draws the timing as an accessible chart with a table', async () => {
    server();
    renderPage(utrechtBuyer);
    const chart = await screen.findByTestId('opportunity-timeline');
    expect(chart.tagName.toLowerCase()).toBe('svg');
    expect(chart.getAttribute('role')).toBe('img');
    expect(chart.getAttribute('aria-label')).toBe(
      'When the needs fall: Heavy-duty motor vehicles 1 March 2027 to 30 April 2027; Refuse disposal and treatment 10 January 2027 to 30 November 2027',
    );
    expect(chart.querySelectorAll('rect')).toHaveLength(2);
    const table = screen.getByRole('table', { name: 'When the needs fall' });
    expect(within(table).getAllByRole('row').map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent))).toEqual([
      ['Item', 'From', 'To', 'Span in days'],
      ['Heavy-duty motor vehicles', '1 March 2027', '30 April 2027', '60'],
      ['Refuse disposal and treatment', '10 January 2027', '30 November 2027', '324'],
    ]);
  });

  it('links the framework agreement to use, and says who may propose a working group', async () => {
    server();
    renderPage(utrechtBuyer);
    const card = await screen.findByRole('article', { name: 'Refuse disposal and treatment 90510000' });
    expect(within(card).getByTestId('opportunity-action').querySelector('strong')!.textContent).toBe('Use an existing framework agreement');
    expect(within(card).getByRole('link', { name: 'See the framework agreement “Framework: refuse treatment”' }).getAttribute('href')).toBe(
      '/contracts/ocds-synth1-3-2',
    );
    expect(within(card).getByText('Framework agreement', { selector: '.badge' })).toBeTruthy();
    // Utrecht is not among these buyers
    expect(within(card).queryByRole('button', { name: /^Propose a working group/ })).toBeNull();
    expect(within(card).getByText('The secretariat, or an admin or buyer of one of these buyers, can propose a working group.')).toBeTruthy();
    expect(frameworkOf({ ...framework, action: { ...framework.action, framework: { ocid: 'ocds-x', title: 'X' } } })).toEqual({ ocid: 'ocds-x', title: 'X' });
    expect(frameworkOf(opportunity())).toBeNull();
  });

  it('proposes a working group and links to it', async () => {
    const calls = server({ 'POST /api/v1/opportunities/3414/proposal': () => json(201, { community_id: 12 }) });
    const { announce } = renderPage(utrechtBuyer);
    const card = await screen.findByRole('article', { name: 'Heavy-duty motor vehicles 34140000' });
    fireEvent.click(within(card).getByRole('button', { name: 'Propose a working group: Heavy-duty motor vehicles' }));
    const link = await within(card).findByRole('link', { name: 'Open the working group' });
    expect(link.getAttribute('href')).toBe('/communities/12');
    const post = calls.find((c) => c.method === 'POST')!;
    expect(post.url).toBe('/api/v1/opportunities/3414/proposal?cpv_digits=4&min_buyers=3&window_months=12');
    expect(post.body).toEqual({});
    expect(post.headers['x-csrf-token']).toBe('tok-o');
    expect(announce).toHaveBeenCalledWith('A working group has been proposed and the other buyers have been invited.');
  });

  it('lets the secretariat propose any opportunity', async () => {
    server();
    renderPage(person({ id: 1, role: 'platform_admin', organisation: { id: 1, name: 'Cobuy Secretariat', type: 'other', country: 'BE', nuts: 'BE100', eligible: true } }));
    await screen.findByRole('article', { name: 'Refuse disposal and treatment 90510000' });
    expect(screen.getAllByRole('button', { name: /^Propose a working group/ })).toHaveLength(2);
  });

  it('searches again with other parameters, checking them first', async () => {
    const calls = server();
    renderPage(utrechtBuyer);
    await screen.findByRole('article', { name: 'Heavy-duty motor vehicles 34140000' });
    const form = screen.getByRole('region', { name: 'Parameters' });
    expect([...(within(form).getByLabelText('Digits of the CPV code that form a class') as HTMLSelectElement).options].map((o) => o.value)).toEqual([
      '2', '3', '4', '5', '6', '7', '8',
    ]);
    fireEvent.change(within(form).getByLabelText('Minimum number of buyers'), { target: { value: '1' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Find opportunities' }));
    const summary = await within(form).findByRole('alert');
    expect(within(summary).getByRole('link').textContent).toBe('Enter the minimum number of buyers as a whole number of at least 2.');
    expect(within(form).getByLabelText('Minimum number of buyers').getAttribute('aria-describedby')).toBe('opp-min-buyers-hint opp-min-buyers-error');

    fireEvent.change(within(form).getByLabelText('Digits of the CPV code that form a class'), { target: { value: '6' } });
    fireEvent.change(within(form).getByLabelText('Minimum number of buyers'), { target: { value: '2' } });
    fireEvent.change(within(form).getByLabelText('Window in months'), { target: { value: '24' } });
    fireEvent.change(within(form).getByLabelText('As of (optional)'), { target: { value: '2027-01-01' } });
    fireEvent.click(within(form).getByLabelText('Only opportunities that include my organisation'));
    fireEvent.click(within(form).getByRole('button', { name: 'Find opportunities' }));
    await waitFor(() =>
      expect(calls.map((c) => c.url)).toEqual([
        '/api/v1/opportunities?cpv_digits=4&min_buyers=3&window_months=12&lang=en',
        '/api/v1/opportunities?cpv_digits=6&min_buyers=2&window_months=24&as_of=2027-01-01&mine=true&lang=en',
      ]),
    );
  });

  it('shows a parameter the server refuses next to its field', async () => {
    server({
      'GET /api/v1/opportunities': (call) =>
        call.url.includes('as_of')
          ? json(422, {
              type: 'https://cobuy.eu/problems/validation',
              title: 'Invalid request',
              status: 422,
              detail: 'as_of: not a date (YYYY-MM-DD)',
              errors: [{ field: 'as_of', detail: 'not a date (YYYY-MM-DD)' }],
            })
          : json(200, result),
    });
    renderPage(utrechtBuyer);
    await screen.findByRole('article', { name: 'Heavy-duty motor vehicles 34140000' });
    fireEvent.change(screen.getByLabelText('As of (optional)'), { target: { value: '2027-02-01' } });
    fireEvent.click(screen.getByRole('button', { name: 'Find opportunities' }));
    await waitFor(() => expect(document.getElementById('opp-as-of-error')?.textContent).toBe('Error: not a date (YYYY-MM-DD)'));
    expect(screen.getByLabelText('As of (optional)').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByTestId('market-problem').textContent).toBe('as_of: not a date (YYYY-MM-DD)');
    expect(screen.queryByRole('article')).toBeNull();
  });

  it('says when nothing meets the parameters', async () => {
    server({ 'GET /api/v1/opportunities': () => json(200, { ...result, opportunities: [] }) });
    renderPage(utrechtBuyer);
    expect(await screen.findByText('No opportunity meets these parameters. Try a longer window, fewer buyers or fewer CPV digits.')).toBeTruthy();
    expect(screen.queryByTestId('opportunity-timeline')).toBeNull();
  });

  it('tells a market actor that opportunities are not for them', async () => {
    server({ 'GET /api/v1/opportunities': () => json(403, forbidden) });
    renderPage(marketActor);
    const notice = await screen.findByTestId('forbidden');
    expect(notice.querySelector('.notice__title')!.textContent).toBe('Not allowed');
    expect(screen.queryByRole('region', { name: 'Parameters' })).toBeNull();
  });
});
