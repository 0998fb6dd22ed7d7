import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Me } from '../api';
import { setLanguage } from '../i18n';
import { PipelineEntryPage, statusLine } from '../pages/market/PipelineEntry';
import { clearCookie, json, mockFetch, setCookie, type Call } from './helpers';
import { renderAs } from './render';
import { entry, forbidden, lyonBuyer, marketActor, utrechtBuyer } from './marketFixtures';

const tendering = entry({
  status: 'tendering',
  status_changed_at: '2026-11-20T09:00:00Z',
  status_changed_by: { id: 4, name: 'Claire Martin' },
  watchers: 2,
  interests: [
    {
      organisation: { id: 5, name: 'Comune di Milano' },
      user: { id: 9, name: 'Giulia Rossi' },
      note: 'We plan six trucks in 2027.',
      at: '2026-11-21T10:00:00Z',
    },
  ],
});

function server(routes: Record<string, (call: Call) => Response> = {}) {
  return mockFetch((call) => {
    const key = `${call.method} ${call.url.split('?')[0]}`;
    if (routes[key]) return routes[key](call);
    if (key === 'GET /api/v1/pipeline/7') return json(200, tendering);
    return json(404, { status: 404, title: 'Not found', detail: 'no such pipeline entry' });
  });
}

function renderEntry(me: Me, id = 7) {
  return renderAs(me, <PipelineEntryPage id={id} />);
}

describe('a pipeline entry', () => {
  beforeEach(() => {
    setLanguage('en');
    setCookie('cobuy_csrf', 'tok-e');
    vi.spyOn(window, 'scrollTo').mockImplementation(() => {});
    window.history.replaceState(null, '', '/pipeline/7');
  });
  afterEach(() => {
    cleanup();
    clearCookie('cobuy_csrf');
  });

  it('words the status line', () => {
    expect(statusLine(tendering)).toBe('Status: Tendering — updated by Claire Martin on 20 November 2026');
    expect(statusLine(entry())).toBe('Status: Planned');
    expect(statusLine(entry({ status_changed_at: '2026-11-20T09:00:00Z' }))).toBe('Status: Planned — since 20 November 2026');
    setLanguage('de');
    expect(statusLine(tendering)).toBe('Status: In Ausschreibung — aktualisiert von Claire Martin am 20. November 2026');
    setLanguage('fr');
    expect(statusLine(tendering)).toBe('Statut : Appel d’offres en cours — mis à jour par Claire Martin le 20 novembre 2026');
  });

  it('shows every field, who changed the status, and the interested organisations', async () => {
    const calls = server();
    renderEntry(utrechtBuyer);
    expect(await screen.findByRole('heading', { level: 1, name: 'Electric refuse collection vehicles' })).toBeTruthy();
    expect(calls[0].url).toBe('/api/v1/pipeline/7');
    await waitFor(() => expect(document.title).toBe('Electric refuse collection vehicles – Cobuy'));
    expect(screen.getByTestId('pipeline-status').textContent).toBe('Status: Tendering — updated by Claire Martin on 20 November 2026');
    const facts = screen.getByTestId('entry-facts');
    expect([...facts.querySelectorAll('div')].map((d) => `${d.querySelector('dt')!.textContent}: ${d.querySelector('dd')!.textContent}`)).toEqual([
      'Organisation: Ville de Lyon',
      'Buyer identifier: FR-SIRET-21690123100011',
      'Source: Published on Cobuy',
      'CPV code: 34144511-3 Refuse-collection vehicles',
      'Estimated value: €4,200,000',
      'Planned tender date: 1 March 2027',
      'Contract start: 1 September 2027',
      'Duration: 48 months',
      'Region: FRK26',
      'Open to collaboration: Yes: other public buyers may join',
      'Contact: Claire Martin · claire.martin@lyon.example',
      expect.stringMatching(/^Last updated: 20 November 2026 at \d\d:\d\d$/),
    ]);
    expect(screen.getByRole('link', { name: 'claire.martin@lyon.example' }).getAttribute('href')).toBe('mailto:claire.martin@lyon.example');
    expect(screen.getByTestId('entry-watchers').textContent).toBe('2 people are watching this entry.');
    expect(within(screen.getByTestId('interests')).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Comune di Milano · Giulia Rossi · 21 November 2026We plan six trucks in 2027.',
    ]);
    // another organisation's buyer: no status update, but interest and watching
    expect(screen.queryByLabelText('New status')).toBeNull();
    expect(screen.getByRole('button', { name: 'Express interest' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Watch' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Back to the pipeline' }).getAttribute('href')).toBe('/pipeline');
  });

  it('shows an amount in another currency with its euro value, and the register process of an imported entry', async () => {
    server({
      'GET /api/v1/pipeline/7': () =>
        json(200, entry({ source: 'ocds', ocid: 'ocds-synth1-2-5', estimated_value: { amount: 4200000, currency: 'SEK' }, value_eur: 372340.5 })),
    });
    renderEntry(utrechtBuyer);
    expect((await screen.findByTestId('entry-value')).textContent).toMatch(/^SEK\s4,200,000 \(about €372,341\)$/);
    expect(screen.getByRole('link', { name: 'ocds-synth1-2-5' }).getAttribute('href')).toBe('/contracts/ocds-synth1-2-5');
    expect(screen.getByText('Source').nextElementSibling!.textContent).toBe('Planning notice from the register · ocds-synth1-2-5');
  });

  it('lets another organisation express and withdraw interest', async () => {
    let interested = false;
    const calls = server({
      'PUT /api/v1/pipeline/7/interest': () => {
        interested = true;
        return json(200, {
          ...tendering,
          interested: true,
          interests: [
            ...tendering.interests,
            { organisation: { id: 2, name: 'Gemeente Utrecht' }, user: { id: 3, name: 'Daan Bakker' }, note: 'Four trucks for us.', at: '2026-12-01T08:00:00Z' },
          ],
        });
      },
      'DELETE /api/v1/pipeline/7/interest': () => {
        interested = false;
        return new Response(null, { status: 204 });
      },
      'GET /api/v1/pipeline/7': () => json(200, { ...tendering, interested }),
    });
    const { announce } = renderEntry(utrechtBuyer);
    fireEvent.change(await screen.findByLabelText('Note to the organisation (optional)'), { target: { value: ' Four trucks for us. ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Express interest' }));
    await screen.findByRole('button', { name: 'Withdraw interest' });
    const put = calls.find((c) => c.method === 'PUT')!;
    expect(put.url).toBe('/api/v1/pipeline/7/interest');
    expect(put.body).toEqual({ note: 'Four trucks for us.' });
    expect(put.headers['x-csrf-token']).toBe('tok-e');
    expect(announce).toHaveBeenCalledWith('Your organisation’s interest has been recorded.');
    expect(screen.getByText('Your organisation’s interest has been recorded.')).toBeTruthy();
    expect(screen.getByText('Gemeente Utrecht has expressed interest in this procurement.')).toBeTruthy();
    expect(within(screen.getByTestId('interests')).getAllByRole('listitem')[1].textContent).toBe(
      'Gemeente Utrecht · Daan Bakker · 1 December 2026Four trucks for us.',
    );

    fireEvent.click(screen.getByRole('button', { name: 'Withdraw interest' }));
    await screen.findByRole('button', { name: 'Express interest' });
    expect(calls.filter((c) => c.method === 'DELETE').map((c) => c.url)).toEqual(['/api/v1/pipeline/7/interest']);
    // the bodiless answer is followed by reading the entry again
    expect(calls.filter((c) => c.method === 'GET').map((c) => c.url)).toEqual(['/api/v1/pipeline/7', '/api/v1/pipeline/7']);
    expect(announce).toHaveBeenLastCalledWith('Your organisation’s interest has been withdrawn.');
  });

  it('watches and stops watching', async () => {
    const calls = server({
      'PUT /api/v1/pipeline/7/watch': () => json(200, { ...tendering, watching: true, watchers: 3 }),
      'DELETE /api/v1/pipeline/7/watch': () => json(200, { ...tendering, watching: false, watchers: 1 }),
    });
    const { announce } = renderEntry(utrechtBuyer);
    fireEvent.click(await screen.findByRole('button', { name: 'Watch' }));
    await screen.findByRole('button', { name: 'Stop watching' });
    expect(screen.getByTestId('entry-watchers').textContent).toBe('3 people are watching this entry. You are one of them.');
    expect(announce).toHaveBeenCalledWith('You are watching this entry: you will be notified when its status changes.');
    fireEvent.click(screen.getByRole('button', { name: 'Stop watching' }));
    await screen.findByRole('button', { name: 'Watch' });
    expect(screen.getByTestId('entry-watchers').textContent).toBe('1 person is watching this entry.');
    expect(calls.filter((c) => c.method !== 'GET').map((c) => `${c.method} ${c.url}`)).toEqual([
      'PUT /api/v1/pipeline/7/watch',
      'DELETE /api/v1/pipeline/7/watch',
    ]);
  });

  it('lets the organisation’s buyer update the status', async () => {
    const calls = server({
      'GET /api/v1/pipeline/7': () => json(200, entry({ editable: true })),
      'PATCH /api/v1/pipeline/7': () =>
        json(200, entry({ editable: true, status: 'preparing', status_changed_at: '2026-12-01T08:00:00Z', status_changed_by: { id: 4, name: 'Lucas Bernard' } })),
    });
    const { announce } = renderEntry(lyonBuyer);
    const select = (await screen.findByLabelText('New status')) as HTMLSelectElement;
    expect([...select.options].map((o) => o.textContent)).toEqual(['Planned', 'Preparing', 'Tendering', 'Awarded', 'Cancelled']);
    expect(select.value).toBe('planned');
    const update = screen.getByRole('button', { name: 'Update the status' });
    expect((update as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(select, { target: { value: 'preparing' } });
    fireEvent.click(update);
    await waitFor(() => expect(screen.getByTestId('pipeline-status').textContent).toBe('Status: Preparing — updated by Lucas Bernard on 1 December 2026'));
    const patch = calls.find((c) => c.method === 'PATCH')!;
    expect(patch.url).toBe('/api/v1/pipeline/7');
    expect(patch.body).toEqual({ status: 'preparing' });
    expect(announce).toHaveBeenCalledWith('The status is now Preparing.');
    // one's own entry: no interest to express
    expect(screen.queryByRole('button', { name: 'Express interest' })).toBeNull();
    expect(screen.getByText('This is your organisation’s entry: other organisations can express interest in it.')).toBeTruthy();
  });

  it('shows the server’s reason when an action fails', async () => {
    server({
      'PUT /api/v1/pipeline/7/interest': () =>
        json(409, { type: 'https://cobuy.eu/problems/conflict', title: 'Conflict', status: 409, detail: 'interest in one’s own entry' }),
    });
    renderEntry(utrechtBuyer);
    fireEvent.click(await screen.findByRole('button', { name: 'Express interest' }));
    expect((await screen.findByRole('alert')).textContent).toBe('interest in one’s own entry');
  });

  it('says when the entry does not exist', async () => {
    server();
    renderEntry(utrechtBuyer, 99);
    expect(await screen.findByRole('heading', { level: 1, name: 'Planned procurement not found' })).toBeTruthy();
    await waitFor(() => expect(document.title).toBe('Planned procurement not found – Cobuy'));
  });

  it('tells a market actor the entry is not for them', async () => {
    server({ 'GET /api/v1/pipeline/7': () => json(403, forbidden) });
    renderEntry(marketActor);
    const notice = await screen.findByTestId('forbidden');
    expect(notice.querySelector('.notice__title')!.textContent).toBe('Not allowed');
    expect(screen.queryByRole('button', { name: 'Watch' })).toBeNull();
  });
});
