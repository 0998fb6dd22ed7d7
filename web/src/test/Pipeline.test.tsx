import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PIPELINE_STATUSES, type Me } from '../api';
import { en } from '../i18n/en';
import { setLanguage } from '../i18n';
import { byMonth, pipelineFieldId, pipelinePath, PipelinePage } from '../pages/market/Pipeline';
import { matchRoute } from '../router';
import { clearCookie, json, mockFetch, setCookie, type Call } from './helpers';
import { renderAs, rowsOf } from './render';
import { entry, forbidden, lyonBuyer, marketActor, milanoEntry, organisations, utrechtBuyer } from './marketFixtures';

function server(routes: Record<string, (call: Call) => Response> = {}) {
  return mockFetch((call) => {
    const path = call.url.split('?')[0];
    const key = `${call.method} ${path}`;
    if (routes[key]) return routes[key](call);
    if (key === 'GET /api/v1/pipeline') return json(200, { entries: [entry(), milanoEntry] });
    if (key === 'GET /api/v1/organisations') return json(200, { organisations });
    if (key === 'GET /api/v1/cpv') {
      return json(200, {
        results: [
          { code: '34144511-3', label: 'Refuse-collection vehicles', level: 'subcategory', matched_language: 'en', matched_label: 'Refuse-collection vehicles' },
        ],
      });
    }
    return json(404, { status: 404, title: 'Not found' });
  });
}

function renderPage(me: Me) {
  return renderAs(me, <PipelinePage />);
}

describe('routes and helpers of the pipeline', () => {
  it('matches the market pages', () => {
    expect(matchRoute('/pipeline')).toEqual({ name: 'pipeline' });
    expect(matchRoute('/pipeline/7')).toEqual({ name: 'pipelineEntry', id: 7 });
    expect(matchRoute('/pipeline/x')).toEqual({ name: 'notFound' });
    expect(matchRoute('/opportunities')).toEqual({ name: 'opportunities' });
    expect(matchRoute('/prices')).toEqual({ name: 'prices' });
  });

  it('keeps the filters and the view in the address', () => {
    expect(pipelinePath({}, 'list')).toBe('/pipeline');
    expect(pipelinePath({ organisation_id: '3' }, 'list')).toBe('/pipeline?organisation_id=3');
    expect(pipelinePath({ status: 'planned', cpv: '34', collaboration: 'true' }, 'calendar')).toBe(
      '/pipeline?cpv=34&status=planned&collaboration=true&view=calendar',
    );
  });

  it('groups entries by the month of their planned tender date', () => {
    const groups = byMonth([milanoEntry, entry(), entry({ id: 9, title: 'A later one', planned_tender_date: '2027-03-20' })]);
    expect(groups.map((g) => [g.month, g.entries.map((e) => e.id)])).toEqual([
      ['2027-03', [7, 9]],
      ['2027-04', [8]],
    ]);
  });

  it('ties the server’s field names to the publish form', () => {
    expect(pipelineFieldId('planned_tender_date')).toBe('pipeline-tender-date');
    expect(pipelineFieldId('estimated_value.currency')).toBe('pipeline-currency');
    expect(pipelineFieldId('cpv')).toBe('pipeline-cpv');
    expect(pipelineFieldId('status')).toBeUndefined();
  });

  it('translates every pipeline status', () => {
    for (const s of PIPELINE_STATUSES) expect(Object.keys(en)).toContain(`pipelineStatus.${s}`);
  });
});

describe('the pipeline page', () => {
  beforeEach(() => {
    setLanguage('en');
    setCookie('cobuy_csrf', 'tok-p');
    vi.spyOn(window, 'scrollTo').mockImplementation(() => {});
    window.history.replaceState(null, '', '/pipeline');
  });
  afterEach(() => {
    cleanup();
    clearCookie('cobuy_csrf');
  });

  it('lists the planned procurements with their status and collaboration', async () => {
    const calls = server();
    renderPage(utrechtBuyer);
    const table = await screen.findByRole('table', { name: 'Planned procurements by planned tender date' });
    expect(calls.filter((c) => c.url.startsWith('/api/v1/pipeline')).map((c) => c.url)).toEqual(['/api/v1/pipeline']);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Procurement pipeline');
    expect(screen.getByRole('heading', { level: 2, name: 'Planned procurements' })).toBeTruthy();
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toEqual([
      'Procurement',
      'Organisation',
      'CPV code',
      'Planned tender',
      'Estimated value',
      'Status',
      'Open to collaboration',
    ]);
    expect(rowsOf(table)).toEqual([
      ['Electric refuse collection vehicles', 'Ville de Lyon · France', '34144511-3 Refuse-collection vehicles', '1 March 2027', '€4,200,000', 'Planned', 'Yes'],
      ['Street sweepers', 'Comune di Milano · Italy', '34144431-8 Suction sweepers', '15 April 2027', '€1,250,000', 'Preparing', 'No'],
    ]);
    expect(within(table).getByRole('link', { name: 'Electric refuse collection vehicles' }).getAttribute('href')).toBe('/pipeline/7');
    const count = screen.getByTestId('pipeline-count');
    expect(count.getAttribute('role')).toBe('status');
    expect(count.textContent).toBe('2 planned procurements');
    // the organisation's own pipeline is one link away
    expect(screen.getByRole('link', { name: 'Show the pipeline of Gemeente Utrecht' }).getAttribute('href')).toBe('/pipeline?organisation_id=2');
    // the organisation filter offers public buyers only
    const orgSelect = screen.getByLabelText('Organisation') as HTMLSelectElement;
    await waitFor(() => expect([...orgSelect.options].map((o) => o.textContent)).toEqual(['All organisations', 'Gemeente Utrecht', 'Ville de Lyon', 'Comune di Milano']));
  });

  it('shows one organisation’s pipeline from the address', async () => {
    window.history.replaceState(null, '', '/pipeline?organisation_id=3&cpv=3414&collaboration=true');
    const calls = server({ 'GET /api/v1/pipeline': () => json(200, { entries: [entry()] }) });
    renderPage(utrechtBuyer);
    expect(await screen.findByRole('heading', { level: 2, name: 'Planned procurements of Ville de Lyon' })).toBeTruthy();
    expect(calls.find((c) => c.url.startsWith('/api/v1/pipeline'))!.url).toBe('/api/v1/pipeline?organisation_id=3&cpv=3414&collaboration=true');
    expect((screen.getByLabelText('CPV code or its first digits') as HTMLInputElement).value).toBe('3414');
    expect((screen.getByLabelText('Open to collaboration only') as HTMLInputElement).checked).toBe(true);
    await waitFor(() => expect((screen.getByLabelText('Organisation') as HTMLSelectElement).value).toBe('3'));
    expect(screen.getByTestId('pipeline-count').textContent).toBe('1 planned procurement');
  });

  it('applies the filters through the address, and refuses a CPV filter that is not digits', async () => {
    const calls = server();
    renderPage(utrechtBuyer);
    await screen.findByRole('table', { name: 'Planned procurements by planned tender date' });
    fireEvent.change(screen.getByLabelText('CPV code or its first digits'), { target: { value: '34a' } });
    fireEvent.click(screen.getByRole('button', { name: 'Show' }));
    const cpv = screen.getByLabelText('CPV code or its first digits');
    expect(document.getElementById('pipeline-filter-cpv-error')!.textContent).toBe('Error: Enter up to 8 digits of a CPV code, for example 3414.');
    expect(cpv.getAttribute('aria-describedby')).toBe('pipeline-filter-cpv-hint pipeline-filter-cpv-error');
    expect(cpv.getAttribute('aria-invalid')).toBe('true');
    expect(window.location.search).toBe('');

    fireEvent.change(cpv, { target: { value: '34' } });
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'preparing' } });
    fireEvent.change(screen.getByLabelText('Planned tender from'), { target: { value: '2027-01-01' } });
    fireEvent.click(screen.getByLabelText('Open to collaboration only'));
    fireEvent.click(screen.getByRole('button', { name: 'Show' }));
    await waitFor(() => expect(window.location.search).toBe('?cpv=34&from=2027-01-01&status=preparing&collaboration=true'));
    await waitFor(() =>
      expect(calls.filter((c) => c.url.startsWith('/api/v1/pipeline')).map((c) => c.url)).toEqual([
        '/api/v1/pipeline',
        '/api/v1/pipeline?cpv=34&from=2027-01-01&status=preparing&collaboration=true',
      ]),
    );
    expect(screen.getByRole('link', { name: 'Clear the filters' }).getAttribute('href')).toBe('/pipeline');
  });

  it('shows the entries as a calendar of months', async () => {
    const calls = server();
    renderPage(utrechtBuyer);
    await screen.findByRole('table', { name: 'Planned procurements by planned tender date' });
    const views = screen.getByRole('group', { name: 'View' });
    expect(within(views).getByRole('button', { name: 'List' }).getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(within(views).getByRole('button', { name: 'Calendar' }));
    const calendar = await screen.findByTestId('pipeline-calendar');
    expect(window.location.search).toBe('?view=calendar');
    expect(within(views).getByRole('button', { name: 'Calendar' }).getAttribute('aria-pressed')).toBe('true');
    expect(within(calendar).getAllByRole('heading', { level: 3 }).map((h) => h.textContent)).toEqual(['March 2027', 'April 2027']);
    const march = within(calendar).getByRole('region', { name: 'March 2027' });
    expect(within(march).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      '1 March 2027 · Electric refuse collection vehicles · Ville de Lyon · Planned Open to collaboration',
    ]);
    expect(within(march).getByRole('link', { name: 'Electric refuse collection vehicles' }).getAttribute('href')).toBe('/pipeline/7');
    const april = within(calendar).getByRole('region', { name: 'April 2027' });
    expect(within(april).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['15 April 2027 · Street sweepers · Comune di Milano · Preparing']);
    expect(screen.queryByRole('table', { name: 'Planned procurements by planned tender date' })).toBeNull();
    // switching views does not load the list again
    expect(calls.filter((c) => c.url.startsWith('/api/v1/pipeline'))).toHaveLength(1);
  });

  it('publishes a planned procurement and opens it', async () => {
    const calls = server({ 'POST /api/v1/pipeline': () => json(201, entry({ editable: true })) });
    const { announce } = renderPage(lyonBuyer);
    const form = await screen.findByRole('region', { name: 'Publish a planned procurement' });
    expect(within(form).getByText('Tell other public buyers what Ville de Lyon plans to buy. An entry open to collaboration invites them to join you.')).toBeTruthy();
    // the organisation's region and the person's contact are filled in
    expect((within(form).getByLabelText('Region (NUTS code) (optional)') as HTMLInputElement).value).toBe('FRK26');
    expect((within(form).getByLabelText('Name (optional)') as HTMLInputElement).value).toBe('Lucas Bernard');
    expect((within(form).getByLabelText('E-mail address (optional)') as HTMLInputElement).value).toBe('buyer@lyon.example');

    fireEvent.change(within(form).getByLabelText('Title'), { target: { value: 'Electric refuse collection vehicles' } });
    fireEvent.change(within(form).getByLabelText('Description (optional)'), { target: { value: 'Twelve battery-electric refuse trucks.' } });
    const cpv = within(form).getByRole('combobox', { name: 'CPV code' });
    fireEvent.change(cpv, { target: { value: '34144511' } });
    await waitFor(() => expect(cpv.getAttribute('aria-expanded')).toBe('true'));
    fireEvent.click(within(form).getByRole('option', { name: /34144511-3/ }));
    expect(within(form).getByTestId('pipeline-cpv-picked').textContent).toBe('Picked: 34144511-3Refuse-collection vehiclesRemove 34144511-3 Refuse-collection vehicles');
    fireEvent.change(within(form).getByLabelText('Amount (optional)'), { target: { value: '4,200,000' } });
    expect([...(within(form).getByLabelText('Currency') as HTMLSelectElement).options].map((o) => o.value)).toEqual([
      'EUR', 'CZK', 'DKK', 'HUF', 'PLN', 'RON', 'SEK', 'ISK', 'NOK', 'CHF',
    ]);
    fireEvent.change(within(form).getByLabelText('Planned tender date'), { target: { value: '2027-03-01' } });
    fireEvent.change(within(form).getByLabelText('Contract start (optional)'), { target: { value: '2027-09-01' } });
    fireEvent.change(within(form).getByLabelText('Duration in months (optional)'), { target: { value: '48' } });
    fireEvent.click(within(form).getByLabelText('Open to collaboration: other public buyers may join this procurement'));
    fireEvent.click(within(form).getByRole('button', { name: 'Publish' }));

    await waitFor(() => expect(window.location.pathname).toBe('/pipeline/7'));
    const post = calls.find((c) => c.method === 'POST')!;
    expect(post.url).toBe('/api/v1/pipeline');
    expect(post.headers['x-csrf-token']).toBe('tok-p');
    expect(post.body).toEqual({
      title: 'Electric refuse collection vehicles',
      description: 'Twelve battery-electric refuse trucks.',
      cpv: '34144511-3',
      estimated_value: { amount: 4200000, currency: 'EUR' },
      planned_tender_date: '2027-03-01',
      contract_start: '2027-09-01',
      duration_months: 48,
      region: 'FRK26',
      open_to_collaboration: true,
      contact_name: 'Lucas Bernard',
      contact_email: 'buyer@lyon.example',
    });
    expect(announce).toHaveBeenCalledWith('“Electric refuse collection vehicles” has been published.');
  });

  it('says what is missing before sending anything', async () => {
    const calls = server();
    renderPage(lyonBuyer);
    const form = await screen.findByRole('region', { name: 'Publish a planned procurement' });
    fireEvent.click(within(form).getByRole('button', { name: 'Publish' }));
    const summary = await screen.findByRole('alert');
    expect(within(summary).getAllByRole('link').map((a) => `${a.textContent} ${a.getAttribute('href')}`)).toEqual([
      'Enter a title. #pipeline-title',
      'Pick a CPV code. #pipeline-cpv',
      'Enter the planned tender date. #pipeline-tender-date',
    ]);
    expect(document.activeElement).toBe(summary);
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
  });

  it('shows the server’s field errors next to their fields', async () => {
    server({
      'POST /api/v1/pipeline': () =>
        json(422, {
          type: 'https://cobuy.eu/problems/validation',
          title: 'Invalid request',
          status: 422,
          detail: 'planned_tender_date: not a date (YYYY-MM-DD)',
          errors: [
            { field: 'planned_tender_date', detail: 'not a date (YYYY-MM-DD)' },
            { field: 'cpv', detail: 'no such CPV code' },
          ],
        }),
    });
    renderPage(lyonBuyer);
    const form = await screen.findByRole('region', { name: 'Publish a planned procurement' });
    fireEvent.change(within(form).getByLabelText('Title'), { target: { value: 'Trucks' } });
    const cpv = within(form).getByRole('combobox', { name: 'CPV code' });
    fireEvent.change(cpv, { target: { value: '34144511' } });
    await waitFor(() => expect(cpv.getAttribute('aria-expanded')).toBe('true'));
    fireEvent.click(within(form).getByRole('option', { name: /34144511-3/ }));
    fireEvent.change(within(form).getByLabelText('Planned tender date'), { target: { value: '2027-03-01' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Publish' }));

    const date = within(form).getByLabelText('Planned tender date');
    await waitFor(() => expect(date.getAttribute('aria-invalid')).toBe('true'));
    expect(document.getElementById('pipeline-tender-date-error')!.textContent).toBe('Error: not a date (YYYY-MM-DD)');
    expect(date.getAttribute('aria-describedby')).toBe('pipeline-tender-date-hint pipeline-tender-date-error');
    expect(cpv.getAttribute('aria-invalid')).toBe('true');
    expect(cpv.getAttribute('aria-describedby')).toContain('pipeline-cpv-error');
    expect(document.getElementById('pipeline-cpv-error')!.textContent).toBe('Error: no such CPV code');
    const summary = screen.getByRole('alert');
    expect(within(summary).getAllByRole('link').map((a) => `${a.textContent} ${a.getAttribute('href')}`)).toEqual([
      'not a date (YYYY-MM-DD) #pipeline-tender-date',
      'no such CPV code #pipeline-cpv',
    ]);
    expect(window.location.pathname).toBe('/pipeline');
  });

  it('offers no publish form to an observer', async () => {
    server();
    renderPage({ ...utrechtBuyer, role: 'observer' });
    await screen.findByRole('table', { name: 'Planned procurements by planned tender date' });
    expect(screen.queryByRole('region', { name: 'Publish a planned procurement' })).toBeNull();
  });

  it('tells a market actor plainly that pipelines are not for them', async () => {
    server({ 'GET /api/v1/pipeline': () => json(403, forbidden) });
    renderPage(marketActor);
    const notice = await screen.findByTestId('forbidden');
    expect(within(notice).getByRole('alert').querySelector('.notice__title')!.textContent).toBe('Not allowed');
    expect(within(notice).getByText(/^What public buyers plan and pay is shared only among public buyers/)).toBeTruthy();
    expect(within(notice).getByTestId('market-problem').textContent).toBe('market actors may not see what buyers plan and pay');
    expect(screen.queryByRole('region', { name: 'Filters' })).toBeNull();
    expect(screen.queryByRole('region', { name: 'Publish a planned procurement' })).toBeNull();
    await waitFor(() => expect(document.title).toBe('Procurement pipeline – Cobuy'));
  });
});
