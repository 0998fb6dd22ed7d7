import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Me } from '../api';
import { setLanguage } from '../i18n';
import { AssessmentPage } from '../pages/assessment/Assessment';
import { SessionContext } from '../session';
import { assessment, COMMITMENT_NOTE, person, response } from './fixtures';
import { clearCookie, json, mockFetch, setCookie, type Call } from './helpers';

function renderPage(me: Me = person()) {
  const announce = vi.fn();
  render(
    <SessionContext.Provider value={{ me, setMe: vi.fn(), announce }}>
      <AssessmentPage id={4} tab="overview" />
    </SessionContext.Provider>,
  );
  return { announce };
}

function server(detail: unknown, put?: (call: Call) => Response) {
  return mockFetch((call) => {
    if (call.method === 'GET' && call.url === '/api/v1/assessments/4') return json(200, detail);
    if (call.method === 'PUT' && call.url === '/api/v1/assessments/4/response' && put) return put(call);
    return json(404, { status: 404, title: 'Not found' });
  });
}

const open = { ...assessment(), commitment_note: COMMITMENT_NOTE, my_response: null };

describe('answering a needs assessment', () => {
  beforeEach(() => {
    setLanguage('en');
    setCookie('cobuy_csrf', 'tok-4');
    vi.spyOn(window, 'scrollTo').mockImplementation(() => {});
    window.history.replaceState(null, '', '/assessments/4');
  });
  afterEach(() => {
    cleanup();
    clearCookie('cobuy_csrf');
  });

  it('says first that answering commits nobody, then takes interest, role and planned procurements', async () => {
    let round = 0;
    const calls = server(open, (call) => {
      round += 1;
      const body = call.body as { submit: boolean };
      return json(
        200,
        response({
          status: body.submit ? 'submitted' : 'started',
          submitted_at: body.submit ? '2026-03-05T11:00:00Z' : null,
          updated_at: `2026-03-0${round + 3}T11:00:00Z`,
        }),
      );
    });
    const { announce } = renderPage();
    expect((await screen.findByRole('heading', { level: 1 })).textContent).toBe('Clean vehicles 2027');
    const note = screen.getByTestId('commitment-note');
    expect(note.textContent).toBe(`Answering commits nobody${COMMITMENT_NOTE}`);
    // the note comes before the form
    expect(note.compareDocumentPosition(screen.getByRole('button', { name: 'Save draft' })) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(screen.getByTestId('response-status').textContent).toContain('Status: Not started');
    expect(screen.getByText('You can change the answer until 31 March 2026.')).toBeTruthy();

    const trucks = screen.getByRole('region', { name: 'Electric refuse trucks' });
    const interest = within(trucks).getByRole('group', { name: 'Interest of your organisation in “Electric refuse trucks”' });
    expect(within(interest).getAllByRole('radio').map((r) => r.parentElement!.textContent)).toEqual(['None', 'Low', 'Medium', 'High']);
    expect((within(interest).getByLabelText('None') as HTMLInputElement).checked).toBe(true);
    fireEvent.click(within(interest).getByLabelText('High'));
    expect((within(interest).getByLabelText('High') as HTMLInputElement).checked).toBe(true);
    const role = within(trucks).getByLabelText('Preferred role in “Electric refuse trucks” (optional)') as HTMLSelectElement;
    expect([...role.options].map((o) => o.textContent)).toEqual(['No preference', 'Lead buyer (volunteers to lead the group)', 'Buyer', 'Follower']);
    fireEvent.change(role, { target: { value: 'lead' } });

    fireEvent.click(within(trucks).getByRole('button', { name: 'Add a planned procurement in “Electric refuse trucks”' }));
    fireEvent.click(within(trucks).getByRole('button', { name: 'Add a planned procurement in “Electric refuse trucks”' }));
    let rows = within(trucks).getAllByTestId('planned-row');
    expect(rows).toHaveLength(2);
    fireEvent.change(within(rows[0]).getByLabelText('CPV code'), { target: { value: '34144511-2' } });
    fireEvent.change(within(rows[0]).getByLabelText('Estimated value in euro'), { target: { value: '2,400,000' } });
    fireEvent.change(within(rows[0]).getByLabelText('Month'), { target: { value: '2026-09' } });
    fireEvent.change(within(rows[0]).getByLabelText('Description (optional)'), { target: { value: ' Six trucks ' } });
    fireEvent.click(within(trucks).getByRole('button', { name: 'Remove planned procurement 2 in “Electric refuse trucks”' }));
    rows = within(trucks).getAllByTestId('planned-row');
    expect(rows).toHaveLength(1);

    const buses = screen.getByRole('region', { name: 'Electric buses' });
    fireEvent.click(within(buses).getByLabelText('Low'));
    fireEvent.change(screen.getByLabelText('Challenges (optional)'), { target: { value: 'Charging at the depot.' } });

    fireEvent.click(screen.getByRole('button', { name: 'Save draft' }));
    await waitFor(() => expect(announce).toHaveBeenCalledWith('Your draft has been saved.'));
    const draft = calls.filter((c) => c.method === 'PUT');
    expect(draft).toHaveLength(1);
    expect(draft[0].headers['x-csrf-token']).toBe('tok-4');
    expect(draft[0].body).toEqual({
      observer_only: false,
      challenges: 'Charging at the depot.',
      areas: [
        {
          area_id: 11,
          interest: 3,
          role: 'lead',
          planned: [{ cpv: '34144511', estimated_value_eur: 2400000, timing: '2026-09', description: 'Six trucks' }],
        },
        { area_id: 12, interest: 1, role: null, planned: [] },
      ],
      submit: false,
    });
    await waitFor(() => expect(screen.getByTestId('response-status').textContent).toContain('Status: Started (draft)'));

    fireEvent.click(screen.getByLabelText('Observer only: my organisation wants to follow the work without joining a working group'));
    fireEvent.click(screen.getByRole('button', { name: 'Submit the answer' }));
    await waitFor(() => expect(announce).toHaveBeenCalledWith('Your answer has been submitted. You can still change it until 31 March 2026.'));
    const submitted = calls.filter((c) => c.method === 'PUT')[1];
    expect(submitted.body).toEqual({ ...(draft[0].body as object), observer_only: true, submit: true });
    expect(screen.getByTestId('response-status').textContent).toContain('Status: Submitted');
    // (times follow the machine's time zone)
    expect(screen.getByText(/^Submitted on 5 March 2026 at \d\d:\d\d\.$/)).toBeTruthy();
    // still editable until the closing date
    expect(screen.getByRole('button', { name: 'Submit the changes' })).toBeTruthy();
  });

  it('fills the form from the saved answer', async () => {
    server({
      ...open,
      my_response: response({
        challenges: 'Budget',
        observer_only: true,
        areas: [{ area_id: 12, interest: 2, role: 'follower', planned: [{ cpv: '34144910', estimated_value_eur: 1500000.5, timing: '2027-01', description: '' }] }],
      }),
    });
    renderPage();
    const buses = await screen.findByRole('region', { name: 'Electric buses' });
    expect((within(buses).getByLabelText('Medium') as HTMLInputElement).checked).toBe(true);
    expect((within(buses).getByLabelText(/^Preferred role/) as HTMLSelectElement).value).toBe('follower');
    const row = within(buses).getByTestId('planned-row');
    expect((within(row).getByLabelText('Estimated value in euro') as HTMLInputElement).value).toBe('1500000.5');
    expect((within(row).getByLabelText('Month') as HTMLInputElement).value).toBe('2027-01');
    expect((screen.getByLabelText('Challenges (optional)') as HTMLTextAreaElement).value).toBe('Budget');
    expect((screen.getByLabelText(/^Observer only/) as HTMLInputElement).checked).toBe(true);
    expect(screen.getByTestId('response-status').textContent).toMatch(/last saved 2 March 2026 at \d\d:\d\d by Daan Bakker/);
  });

  it('checks the planned rows before sending', async () => {
    const calls = server(open, () => json(200, response()));
    renderPage();
    const trucks = await screen.findByRole('region', { name: 'Electric refuse trucks' });
    fireEvent.click(within(trucks).getByRole('button', { name: /^Add a planned procurement/ }));
    fireEvent.change(within(trucks).getByLabelText('CPV code'), { target: { value: '3414' } });
    fireEvent.change(within(trucks).getByLabelText('Estimated value in euro'), { target: { value: 'lots' } });
    fireEvent.click(screen.getByRole('button', { name: 'Submit the answer' }));
    const alert = await screen.findByRole('alert');
    expect(within(alert).getAllByRole('link').map((a) => a.textContent)).toEqual([
      'Enter the CPV code of planned procurement 1 in “Electric refuse trucks” as eight digits.',
      'Enter the estimated value of planned procurement 1 in “Electric refuse trucks” as an amount in euro.',
      'Enter the month of planned procurement 1 in “Electric refuse trucks” as YYYY-MM.',
    ]);
    expect(calls.filter((c) => c.method === 'PUT')).toHaveLength(0);
  });

  it('shows the server’s reason when the organisation may not answer (403)', async () => {
    const detail = 'Only organisations in EU, EEA or EFTA countries can answer; yours is in the United States.';
    mockFetch(() => json(403, { type: 'https://cobuy.eu/problems/forbidden', status: 403, title: 'Forbidden', detail }));
    renderPage(person({ organisation: { id: 8, name: 'City of Boston', type: 'municipality', country: 'US', nuts: '', eligible: false } }));
    expect((await screen.findByTestId('assessment-problem')).textContent).toBe(detail);
    expect(screen.getByText('Your organisation cannot answer this needs assessment')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Save draft' })).toBeNull();
  });

  it('shows the server’s reason when saving is refused', async () => {
    const detail = 'Only organisations in EU, EEA or EFTA countries can answer.';
    server(open, () => json(403, { type: 'https://cobuy.eu/problems/forbidden', status: 403, title: 'Forbidden', detail }));
    renderPage();
    fireEvent.click(await screen.findByRole('button', { name: 'Save draft' }));
    expect((await screen.findByTestId('response-problem')).textContent).toBe(detail);
  });

  it('keeps a closed assessment’s answer read-only', async () => {
    server({ ...open, status: 'closed', my_response: response({ status: 'submitted' }) });
    renderPage();
    expect(await screen.findByText('This needs assessment closed on 31 March 2026: the answer can no longer be changed.')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Save draft' }) as HTMLButtonElement).closest('fieldset')!.disabled).toBe(true);
  });
});
