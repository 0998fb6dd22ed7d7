import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../App';
import { setLanguage } from '../i18n';
import { setUnread } from '../notifications';
import { json, mockFetch } from './helpers';

const me = {
  id: 3,
  email: 'buyer@utrecht.example',
  name: 'Daan Bakker',
  role: 'buyer',
  status: 'active',
  language: 'en',
  csrf_token: 'tok',
  organisation: { id: 2, name: 'Gemeente Utrecht', type: 'municipality', country: 'NL', nuts: 'NL350', eligible: true },
};

describe('App navigation', () => {
  beforeEach(() => {
    setLanguage('en');
    setUnread(null);
    vi.spyOn(window, 'scrollTo').mockImplementation(() => {});
  });
  afterEach(() => cleanup());

  it('shows saved searches and the unread notifications in the main navigation', async () => {
    window.history.replaceState(null, '', '/saved-searches');
    mockFetch((call) => {
      if (call.url === '/api/v1/me') return json(200, me);
      if (call.url === '/api/v1/notifications') return json(200, { unread: 2, items: [] });
      if (call.url === '/api/v1/saved-searches?offset=0&limit=20') return json(200, { total: 0, offset: 0, limit: 20, items: [] });
      return json(404, { status: 404, title: 'Not found' });
    });
    render(<App />);
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    const indicator = await screen.findByRole('link', { name: 'Notifications, 2 unread' });
    expect(nav.contains(indicator)).toBe(true);
    expect(indicator.getAttribute('href')).toBe('/notifications');
    const saved = screen.getByRole('link', { name: 'Saved searches' });
    expect(saved.getAttribute('aria-current')).toBe('page');
    expect(screen.getByRole('link', { name: 'Contracts' }).getAttribute('href')).toBe('/contracts');
    expect(
      ['Communities', 'Needs assessments', 'Dashboard', 'Staff exchanges'].map((name) => screen.getByRole('link', { name }).getAttribute('href')),
    ).toEqual(['/communities', '/assessments', '/dashboard', '/exchanges']);
    expect([...nav.querySelectorAll('a')].map((a) => a.textContent)).toEqual([
      'Organisation',
      'People',
      'Contracts',
      'Saved searches',
      'Communities',
      'Needs assessments',
      'Pipeline',
      'Opportunities',
      'Prices',
      'Dashboard',
      'Staff exchanges',
      'Notifications2Notifications, 2 unread',
      'CPV lookup',
    ]);
    await waitFor(() => expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Saved searches'));
  });

  it('shows needs assessments to buyers, not to market actors', async () => {
    window.history.replaceState(null, '', '/saved-searches');
    mockFetch((call) => {
      if (call.url === '/api/v1/me') return json(200, { ...me, role: 'market_actor' });
      if (call.url === '/api/v1/notifications') return json(200, { unread: 0, items: [] });
      if (call.url === '/api/v1/saved-searches?offset=0&limit=20') return json(200, { total: 0, offset: 0, limit: 20, items: [] });
      return json(404, { status: 404, title: 'Not found' });
    });
    render(<App />);
    await screen.findByRole('link', { name: 'Communities' });
    expect(screen.queryByRole('link', { name: 'Needs assessments' })).toBeNull();
    for (const name of ['Pipeline', 'Opportunities', 'Prices']) expect(screen.queryByRole('link', { name })).toBeNull();
  });

  it('shows the pipeline, opportunities and prices to public buyers, the pipeline marked current on an entry', async () => {
    window.history.replaceState(null, '', '/pipeline/7');
    mockFetch((call) => {
      if (call.url === '/api/v1/me') return json(200, me);
      if (call.url === '/api/v1/notifications') return json(200, { unread: 0, items: [] });
      if (call.url === '/api/v1/pipeline/7') return json(404, { status: 404, title: 'Not found' });
      return json(404, { status: 404, title: 'Not found' });
    });
    render(<App />);
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    const pipeline = await screen.findByRole('link', { name: 'Pipeline' });
    expect(nav.contains(pipeline)).toBe(true);
    expect(
      ['Pipeline', 'Opportunities', 'Prices'].map((name) => screen.getByRole('link', { name }).getAttribute('href')),
    ).toEqual(['/pipeline', '/opportunities', '/prices']);
    expect(pipeline.getAttribute('aria-current')).toBe('true');
    await waitFor(() => expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Planned procurement not found'));
  });

  it('sends someone signed out from the search to sign in, and back to the same search after', async () => {
    window.history.replaceState(null, '', '/contracts?q=refuse&country=NL');
    mockFetch(() => json(401, { status: 401, title: 'Not signed in', type: 'https://cobuy.eu/problems/unauthenticated' }));
    render(<App />);
    await waitFor(() => expect(window.location.pathname).toBe('/signin'));
    expect(new URLSearchParams(window.location.search).get('next')).toBe('/contracts?q=refuse&country=NL');
  });
});
