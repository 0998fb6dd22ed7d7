// The account pages (issue 14, M3/M4/H5): change password, sign out everywhere, forgot and
// reset password, confirm e-mail, people management and identifier claims; with axe-core.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import axe from 'axe-core';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Me, Person } from '../api';
import { setLanguage } from '../i18n';
import { AccountPage, ConfirmEmailPage, ForgotPasswordPage, ResetPasswordPage } from '../pages/Account';
import { IdentifierClaimsPage } from '../pages/IdentifierClaims';
import { PeoplePage } from '../pages/People';
import { SessionContext } from '../session';
import { person } from './fixtures';
import { clearCookie, json, mockFetch, setCookie, type Call } from './helpers';

function renderWith(node: ReactNode, me: Me | null = person()) {
  const setMe = vi.fn();
  const announce = vi.fn();
  render(
    <SessionContext.Provider value={{ me, setMe, announce }}>
      <main>{node}</main>
    </SessionContext.Provider>,
  );
  return { setMe, announce };
}

function problem(status: number, detail: string, field?: string) {
  return json(status, {
    type: 'https://cobuy.eu/problems/x',
    title: 'x',
    status,
    detail: field ? `${field}: ${detail}` : detail,
    ...(field ? { errors: [{ field, detail }] } : {}),
  });
}

function type(label: string, value: string) {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
}

async function axeViolations(): Promise<string[]> {
  const r = await axe.run(document.body, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    rules: {
      'color-contrast': { enabled: false },
      region: { enabled: false },
      'page-has-heading-one': { enabled: false },
      'landmark-one-main': { enabled: false },
    },
  });
  return r.violations.map((v) => `${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

beforeEach(() => {
  setLanguage('en');
  setCookie('cobuy_csrf', 'tok');
  vi.spyOn(window, 'scrollTo').mockImplementation(() => {});
});
afterEach(() => {
  cleanup();
  clearCookie('cobuy_csrf');
  vi.unstubAllGlobals();
});

describe('AccountPage', () => {
  it('changes the password with the current one and names a refused field', async () => {
    let n = 0;
    const calls = mockFetch(() =>
      ++n === 1 ? problem(422, 'is not your current password', 'current_password') : new Response(null, { status: 204 }),
    );
    const { announce } = renderWith(<AccountPage />);
    type('Current password', 'not the one');
    type('New password', 'a brand new password');
    type('Repeat the password', 'a brand new password');
    fireEvent.click(screen.getByRole('button', { name: 'Change password' }));
    expect(await screen.findByText('is not your current password', { selector: '.field__error, [id$="-error"], p, span' })).toBeTruthy();
    expect(calls[0].method).toBe('POST');
    expect(calls[0].url).toBe('/api/v1/me/password');
    expect(calls[0].body).toEqual({ current_password: 'not the one', new_password: 'a brand new password' });
    expect(calls[0].headers['x-csrf-token']).toBe('tok');

    type('Current password', 'the right one');
    fireEvent.click(screen.getByRole('button', { name: 'Change password' }));
    await waitFor(() => expect(announce).toHaveBeenCalledWith('Your password has been changed. Your other sessions have ended.'));
    expect(calls).toHaveLength(2);
    expect((screen.getByLabelText('New password') as HTMLInputElement).value).toBe('');
  });

  it('checks the new password before sending', async () => {
    const calls = mockFetch(() => new Response(null, { status: 204 }));
    renderWith(<AccountPage />);
    type('Current password', 'the right one');
    type('New password', 'short');
    fireEvent.click(screen.getByRole('button', { name: 'Change password' }));
    expect((await screen.findAllByText('The password must be at least 10 characters long.')).length).toBeGreaterThan(0);
    type('New password', 'a brand new password');
    type('Repeat the password', 'another password');
    fireEvent.click(screen.getByRole('button', { name: 'Change password' }));
    expect((await screen.findAllByText('The two passwords are not the same.')).length).toBeGreaterThan(0);
    expect(calls).toHaveLength(0);
  });

  it('signs out everywhere', async () => {
    const calls = mockFetch(() => new Response(null, { status: 204 }));
    const { setMe } = renderWith(<AccountPage />);
    fireEvent.click(screen.getByRole('button', { name: 'Sign out everywhere' }));
    await waitFor(() => expect(setMe).toHaveBeenCalledWith(null));
    expect(calls[0].method).toBe('DELETE');
    expect(calls[0].url).toBe('/api/v1/me/sessions');
  });

  it('has no axe violation', async () => {
    mockFetch(() => new Response(null, { status: 204 }));
    renderWith(<AccountPage />);
    expect(await axeViolations()).toEqual([]);
  });
});

describe('ForgotPasswordPage and ResetPasswordPage', () => {
  it('asks for a reset link and gives the same answer for any address', async () => {
    const calls = mockFetch(() => json(202, { status: 'sent' }));
    renderWith(<ForgotPasswordPage />, null);
    expect(await axeViolations()).toEqual([]);
    type('E-mail address', 'someone@utrecht.example');
    fireEvent.click(screen.getByRole('button', { name: 'Send the link' }));
    expect(
      await screen.findByText('If someone@utrecht.example belongs to a Cobuy account, a link to choose a new password is on its way.'),
    ).toBeTruthy();
    expect(calls[0].url).toBe('/api/v1/password-reset');
    expect(calls[0].body).toEqual({ email: 'someone@utrecht.example' });
  });

  it('sets a new password with the token, and explains a used link', async () => {
    let n = 0;
    const calls = mockFetch(() =>
      ++n === 1
        ? problem(422, 'is too common and would be guessed early; choose another', 'password')
        : n === 2
          ? new Response(null, { status: 204 })
          : problem(404, 'this password reset link is unknown, used or expired; ask for a new one'),
    );
    renderWith(<ResetPasswordPage token="abc_DEF-123" />, null);
    expect(await axeViolations()).toEqual([]);
    type('New password', 'password2024!');
    type('Repeat the password', 'password2024!');
    fireEvent.click(screen.getByRole('button', { name: 'Set the password' }));
    expect((await screen.findAllByText('is too common and would be guessed early; choose another')).length).toBeGreaterThan(0);
    expect(calls[0].url).toBe('/api/v1/password-reset/abc_DEF-123');
    expect(calls[0].body).toEqual({ password: 'password2024!' });
    type('New password', 'a much better password');
    type('Repeat the password', 'a much better password');
    fireEvent.click(screen.getByRole('button', { name: 'Set the password' }));
    expect(await screen.findByText('Your new password is set. Sign in with it.')).toBeTruthy();
    cleanup();
    renderWith(<ResetPasswordPage token="used" />, null);
    type('New password', 'a much better password');
    type('Repeat the password', 'a much better password');
    fireEvent.click(screen.getByRole('button', { name: 'Set the password' }));
    expect(await screen.findByText(/This link is unknown, used or expired\./)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Ask for a new link' }).getAttribute('href')).toBe('/forgot-password');
  });
});

describe('ConfirmEmailPage', () => {
  it('confirms on a click, not on load', async () => {
    const calls = mockFetch(() => json(200, { status: 'pending' }));
    renderWith(<ConfirmEmailPage token="tok123" />, null);
    expect(await axeViolations()).toEqual([]);
    expect(calls).toHaveLength(0);
    fireEvent.click(screen.getByRole('button', { name: 'Confirm my e-mail address' }));
    expect(await screen.findByText(/Your request now awaits approval/)).toBeTruthy();
    expect(calls[0].method).toBe('POST');
    expect(calls[0].url).toBe('/api/v1/signup/tok123/confirm');
  });

  it('explains an expired link', async () => {
    mockFetch(() => problem(404, 'this confirmation link is unknown, used or expired; sign up again'));
    renderWith(<ConfirmEmailPage token="old" />, null);
    fireEvent.click(screen.getByRole('button', { name: 'Confirm my e-mail address' }));
    expect(await screen.findByText('This link is unknown, used or expired. Request access again.')).toBeTruthy();
  });
});

const org = {
  id: 2,
  name: 'Gemeente Utrecht',
  type: 'municipality',
  country: 'NL',
  nuts: 'NL350',
  eligible: true,
  identifiers: [],
  annual_budget_eur: null,
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
};
const admin = person({ id: 1, email: 'admin@utrecht.example', name: 'Anouk de Vries', role: 'org_admin' });
const buyer: Person = { id: 3, email: 'buyer@utrecht.example', name: 'Daan Bakker', role: 'buyer', status: 'active' };

describe('PeoplePage management', () => {
  function routes(c: Call) {
    if (c.url === '/api/v1/organisations/2') return json(200, org);
    if (c.url === '/api/v1/organisations/2/people') {
      return json(200, { people: [{ ...admin, status: 'active' }, buyer] });
    }
    if (c.url.endsWith('/disable')) return json(200, { ...buyer, status: 'disabled' });
    if (c.url.endsWith('/enable')) return json(200, buyer);
    if (c.method === 'DELETE') return new Response(null, { status: 204 });
    return json(404, {});
  }

  it('lets an admin disable, enable and remove someone else, never themselves', async () => {
    const calls = mockFetch(routes);
    const { announce } = renderWith(<PeoplePage id={2} />, admin);
    await screen.findByText('buyer@utrecht.example');
    expect(screen.queryByRole('button', { name: 'Disable Anouk de Vries' })).toBeNull();
    expect(await axeViolations()).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: 'Disable Daan Bakker' }));
    await waitFor(() => expect(announce).toHaveBeenCalledWith('Daan Bakker has been disabled and signed out everywhere.'));
    expect(calls.at(-1)!.url).toBe('/api/v1/organisations/2/people/3/disable');
    await screen.findByText('Enable', { exact: false });
    fireEvent.click(screen.getByRole('button', { name: 'Enable Daan Bakker' }));
    await waitFor(() => expect(announce).toHaveBeenCalledWith('Daan Bakker can sign in again.'));
    await screen.findByText('Disable', { exact: false });
    fireEvent.click(screen.getByRole('button', { name: 'Remove Daan Bakker' }));
    fireEvent.click(screen.getByRole('button', { name: 'Yes, remove' }));
    await waitFor(() => expect(announce).toHaveBeenCalledWith('Daan Bakker has been removed.'));
    expect(calls.at(-1)!.method).toBe('DELETE');
    expect(calls.at(-1)!.url).toBe('/api/v1/organisations/2/people/3');
    expect(screen.queryByText('buyer@utrecht.example')).toBeNull();
  });

  it('shows no management actions to a buyer', async () => {
    mockFetch(routes);
    renderWith(<PeoplePage id={2} />, person());
    await screen.findByText('buyer@utrecht.example');
    expect(screen.queryByRole('button', { name: /Disable|Remove/ })).toBeNull();
  });
});

describe('IdentifierClaimsPage', () => {
  it('lets the secretariat approve and decline claims', async () => {
    const claims = [
      { organisation: { id: 2, name: 'Gemeente Utrecht' }, scheme: 'NL-KVK', id: '30280353', register_name: 'Gemeente Utrecht' },
      { organisation: { id: 9, name: 'AP-HP' }, scheme: 'FR-SIREN', id: '267500452', register_name: 'AP-HP' },
      { organisation: { id: 4, name: 'Copycat' }, scheme: 'FR-SIREN', id: '267500452', register_name: 'AP-HP' },
    ];
    const calls = mockFetch((c) =>
      c.method === 'GET' ? json(200, { claims }) : new Response(null, { status: 204 }),
    );
    const { announce } = renderWith(<IdentifierClaimsPage />, person({ role: 'platform_admin' }));
    expect(await screen.findByText('Claims waiting: 3')).toBeTruthy();
    expect(await axeViolations()).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: 'Approve FR-SIREN 267500452 – AP-HP' }));
    await waitFor(() => expect(announce).toHaveBeenCalledWith('FR-SIREN 267500452 now belongs to AP-HP.'));
    expect(calls.at(-1)!.url).toBe('/api/v1/identifier-claims/approve');
    expect(calls.at(-1)!.body).toEqual({ organisation_id: 9, scheme: 'FR-SIREN', id: '267500452' });
    // Approving drops the competing claim.
    expect(screen.getByText('Claims waiting: 1')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Decline NL-KVK 30280353 – Gemeente Utrecht' }));
    await waitFor(() => expect(screen.getByText('No claim is waiting.')).toBeTruthy());
    expect(calls.at(-1)!.url).toBe('/api/v1/identifier-claims/decline');
  });

  it('tells others that only the secretariat reviews claims', async () => {
    mockFetch(() => problem(403, 'only the secretariat reviews identifier claims'));
    renderWith(<IdentifierClaimsPage />, person());
    expect(await screen.findByText('Only the Cobuy secretariat reviews identifier claims.')).toBeTruthy();
  });
});
