import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Me } from '../api';
import { setLanguage } from '../i18n';
import { areaKey, assessmentFieldId, AssessmentsPage } from '../pages/Assessments';
import { assessment, person, response } from './fixtures';
import { clearCookie, json, mockFetch, setCookie } from './helpers';
import { renderAs, rowsOf } from './render';

function renderPage(me: Me) {
  return renderAs(me, <AssessmentsPage />);
}

describe('needs assessments list', () => {
  beforeEach(() => {
    setLanguage('en');
    setCookie('cobuy_csrf', 'tok-5');
    vi.spyOn(window, 'scrollTo').mockImplementation(() => {});
    window.history.replaceState(null, '', '/assessments');
  });
  afterEach(() => {
    cleanup();
    clearCookie('cobuy_csrf');
  });

  it('shows a buyer each assessment with its dates and the organisation’s answer', async () => {
    const older = assessment({ id: 2, title: 'Cleaning 2026', status: 'closed', opens_on: '2025-10-01', closes_on: '2025-10-31', my_response: response({ status: 'submitted' }) });
    const calls = mockFetch((call) => {
      if (call.url === '/api/v1/assessments') return json(200, { items: [assessment(), older] });
      if (call.url === '/api/v1/assessments/4') return json(200, { ...assessment(), commitment_note: 'x', my_response: null });
      return json(404, {});
    });
    renderPage(person());
    const table = await screen.findByRole('table', { name: 'Needs assessments' });
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toEqual([
      'Title',
      'Status',
      'Opens',
      'Closes',
      'Your organisation’s answer',
    ]);
    await waitFor(() =>
      expect(rowsOf(table)).toEqual([
        ['Clean vehicles 2027', 'Open', '1 March 2026', '31 March 2026', 'Not started'],
        ['Cleaning 2026', 'Closed', '1 October 2025', '31 October 2025', 'Submitted'],
      ]),
    );
    // the list did not say for the first one, so its page was asked; the second carried it
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual(['GET /api/v1/assessments', 'GET /api/v1/assessments/4']);
    expect(within(table).getByRole('link', { name: 'Clean vehicles 2027' }).getAttribute('href')).toBe('/assessments/4');
    expect(screen.queryByRole('heading', { name: 'New needs assessment' })).toBeNull();
  });

  it('shows the secretariat the answers so far and the form', async () => {
    mockFetch(() => json(200, { items: [assessment()] }));
    renderPage(person({ role: 'platform_admin' }));
    const table = await screen.findByRole('table', { name: 'Needs assessments' });
    expect(rowsOf(table)).toEqual([['Clean vehicles 2027', 'Open', '1 March 2026', '31 March 2026', '1 submitted of 3 invited']]);
    expect(screen.getByRole('heading', { name: 'New needs assessment' })).toBeTruthy();
  });

  it('creates an assessment with two areas and their CPV codes: exactly this POST body', async () => {
    const created = assessment({ id: 21, title: 'Zero-emission fleets', status: 'draft', invited: 0, started: 0, submitted: 0 });
    const calls = mockFetch((call) => {
      if (call.method === 'POST') return json(201, created);
      if (call.url.startsWith('/api/v1/cpv')) {
        return json(200, { results: [{ code: '34144511-3', label: 'Refuse-collection vehicles', level: 'category', matched_language: 'en', matched_label: 'Refuse-collection vehicles' }] });
      }
      return json(200, { items: [] });
    });
    const { announce } = renderPage(person({ role: 'platform_admin' }));
    const form = (await screen.findByRole('heading', { name: 'New needs assessment' })).closest('section')!;

    // nothing filled in: the summary names the problems, nothing is sent
    fireEvent.change(within(form).getByLabelText('Months ahead'), { target: { value: '0' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Create the needs assessment' }));
    const alert = await screen.findByRole('alert');
    expect(within(alert).getAllByRole('link').map((a) => a.textContent)).toEqual([
      'Enter a title.',
      'Enter the months ahead as a whole number from 1 to 60.',
      'Enter the opening date.',
      'Enter the closing date.',
      'Enter a name for area 1.',
      'Enter a key for area 1.',
    ]);
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);

    fireEvent.change(within(form).getByLabelText('Title'), { target: { value: ' Zero-emission fleets ' } });
    fireEvent.change(form.querySelector('#assessment-description')!, { target: { value: 'Trucks and buses.' } });
    fireEvent.change(within(form).getByLabelText('Months ahead'), { target: { value: '18' } });
    fireEvent.change(within(form).getByLabelText('Opens on'), { target: { value: '2026-04-01' } });
    fireEvent.change(within(form).getByLabelText('Closes on'), { target: { value: '2026-04-30' } });
    const area1 = within(form).getAllByTestId('area-draft')[0];
    fireEvent.change(within(area1).getByLabelText('Name'), { target: { value: 'Électric refuse trucks' } });
    // the key follows the name until it is edited
    expect((within(area1).getByLabelText('Key') as HTMLInputElement).value).toBe('electric-refuse-trucks');
    fireEvent.change(within(area1).getByLabelText('Key'), { target: { value: 'ev-trucks' } });
    fireEvent.change(within(area1).getByLabelText('Name'), { target: { value: 'Electric refuse trucks' } });
    expect((within(area1).getByLabelText('Key') as HTMLInputElement).value).toBe('ev-trucks');
    fireEvent.change(within(area1).getByLabelText('Description (optional)'), { target: { value: 'Collection vehicles' } });
    fireEvent.change(within(area1).getByRole('combobox', { name: 'CPV codes of area 1' }), { target: { value: 'refuse' } });
    fireEvent.click(await within(area1).findByRole('option', { name: /34144511/ }));
    expect(within(within(area1).getByRole('list', { name: 'CPV codes picked for area 1' })).getByText('34144511-3')).toBeTruthy();

    fireEvent.click(within(form).getByRole('button', { name: 'Add another area' }));
    const area2 = within(form).getAllByTestId('area-draft')[1];
    await waitFor(() => expect(document.activeElement).toBe(within(area2).getByLabelText('Name')));
    fireEvent.change(within(area2).getByLabelText('Name'), { target: { value: 'Electric buses' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Create the needs assessment' }));

    await waitFor(() => expect(window.location.pathname).toBe('/assessments/21/progress'));
    const post = calls.find((c) => c.method === 'POST')!;
    expect(post.url).toBe('/api/v1/assessments');
    expect(post.headers['x-csrf-token']).toBe('tok-5');
    expect(post.body).toEqual({
      title: 'Zero-emission fleets',
      description: 'Trucks and buses.',
      months_ahead: 18,
      opens_on: '2026-04-01',
      closes_on: '2026-04-30',
      areas: [
        { key: 'ev-trucks', name: 'Electric refuse trucks', description: 'Collection vehicles', cpv: ['34144511'] },
        { key: 'electric-buses', name: 'Electric buses', description: '', cpv: [] },
      ],
    });
    expect(announce).toHaveBeenCalledWith('The needs assessment “Zero-emission fleets” has been created.');
  });

  it('refuses a closing date before the opening date and duplicate keys', async () => {
    const calls = mockFetch(() => json(200, { items: [] }));
    renderPage(person({ role: 'platform_admin' }));
    const form = (await screen.findByRole('heading', { name: 'New needs assessment' })).closest('section')!;
    fireEvent.change(within(form).getByLabelText('Title'), { target: { value: 'T' } });
    fireEvent.change(within(form).getByLabelText('Opens on'), { target: { value: '2026-04-10' } });
    fireEvent.change(within(form).getByLabelText('Closes on'), { target: { value: '2026-04-01' } });
    fireEvent.change(within(form).getAllByLabelText('Name')[0], { target: { value: 'Buses' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Add another area' }));
    fireEvent.change(within(form).getAllByLabelText('Name')[1], { target: { value: 'Buses' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Create the needs assessment' }));
    const alert = await screen.findByRole('alert');
    expect(within(alert).getAllByRole('link').map((a) => a.textContent)).toEqual([
      'The closing date cannot be before the opening date.',
      'Area 2 has the same key as another area.',
    ]);
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);
  });

  it('makes keys from names and maps the server’s field paths to the controls', () => {
    expect(areaKey('  Zero-emission Müllfahrzeuge! ')).toBe('zero-emission-mullfahrzeuge');
    expect(assessmentFieldId('areas[1].key')).toBe('area-1-key');
    expect(assessmentFieldId('closes_on')).toBe('assessment-closes');
  });
});
