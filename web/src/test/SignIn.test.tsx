import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Me } from '../api';
import { setLanguage } from '../i18n';
import { SignInPage } from '../pages/SignIn';
import { SessionContext } from '../session';
import { clearCookie, json, mockFetch, setCookie } from './helpers';

function renderSignIn() {
  const setMe = vi.fn();
  const announce = vi.fn();
  render(
    <SessionContext.Provider value={{ me: null, setMe, announce }}>
      <SignInPage />
    </SessionContext.Provider>,
  );
  return { setMe, announce };
}

function fillAndSubmit(email: string, password: string) {
  fireEvent.change(screen.getByLabelText('E-mail address'), { target: { value: email } });
  fireEvent.change(screen.getByLabelText('Password'), { target: { value: password } });
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('SignInPage', () => {
  beforeEach(() => {
    setLanguage('en');
    setCookie('cobuy_csrf', 'tok');
    window.history.replaceState(null, '', '/signin');
    vi.spyOn(window, 'scrollTo').mockImplementation(() => {});
  });
  afterEach(() => {
    cleanup();
    clearCookie('cobuy_csrf');
  });

  it('shows the problem detail of a refused sign-in', async () => {
    const calls = mockFetch(() =>
      json(401, {
        type: 'https://cobuy.eu/problems/unauthenticated',
        title: 'Not signed in',
        status: 401,
        detail: 'the e-mail address or password is wrong',
      }),
    );
    const { setMe } = renderSignIn();
    fillAndSubmit('admin@utrecht.example', 'wrong-password');
    const alert = await screen.findByRole('alert');
    expect(screen.getByTestId('signin-problem').textContent).toBe('the e-mail address or password is wrong');
    expect(alert.textContent).toBe('Sign-in failedthe e-mail address or password is wrong');
    expect(calls).toHaveLength(1);
    expect(calls[0].body).toEqual({ email: 'admin@utrecht.example', password: 'wrong-password' });
    expect(setMe).not.toHaveBeenCalled();
    expect((screen.getByLabelText('Password') as HTMLInputElement).value).toBe('');
  });

  it('adds when to try again after too many attempts', async () => {
    mockFetch(() =>
      json(
        429,
        {
          type: 'https://cobuy.eu/problems/throttled',
          title: 'Too many attempts',
          status: 429,
          detail: 'too many failed sign-ins; try again later',
        },
        { 'Retry-After': '30' },
      ),
    );
    renderSignIn();
    fillAndSubmit('admin@utrecht.example', 'wrong-password');
    await waitFor(() =>
      expect(screen.getByTestId('signin-problem').textContent).toBe(
        'too many failed sign-ins; try again later Try again in 30 seconds.',
      ),
    );
  });

  it('shows translated field errors without calling the server', async () => {
    const calls = mockFetch(() => json(200, {}));
    setLanguage('de');
    renderSignIn();
    fireEvent.click(screen.getByRole('button', { name: 'Anmelden' }));
    const email = screen.getByLabelText('E-Mail-Adresse');
    expect(email.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(email.getAttribute('aria-describedby')!)!.textContent).toBe(
      'Fehler: Geben Sie Ihre E-Mail-Adresse ein.',
    );
    const password = screen.getByLabelText('Passwort');
    expect(document.getElementById(password.getAttribute('aria-describedby')!)!.textContent).toBe(
      'Fehler: Geben Sie Ihr Passwort ein.',
    );
    expect(screen.getByRole('alert').querySelector('h2')!.textContent).toBe('Bitte prüfen Sie Ihre Angaben');
    expect(calls).toHaveLength(0);
  });

  it('signs in, takes the person’s language and goes to the organisation', async () => {
    const me: Me = {
      id: 5,
      email: 'admin@lyon.example',
      name: 'Camille Martin',
      role: 'org_admin',
      status: 'active',
      language: 'fr',
      csrf_token: 'tok',
      organisation: { id: 3, name: 'Ville de Lyon', type: 'municipality', country: 'FR', nuts: 'FRK26', eligible: true },
    };
    mockFetch(() => json(200, me));
    const { setMe } = renderSignIn();
    fillAndSubmit('admin@lyon.example', 'cobuy-demo-2026');
    await waitFor(() => expect(setMe).toHaveBeenCalledWith(me));
    expect(document.documentElement.lang).toBe('fr');
    expect(window.location.pathname).toBe('/organisation');
  });
});
