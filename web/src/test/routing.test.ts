import { beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../api';
import { errorMessage } from '../errors';
import { setLanguage } from '../i18n';
import { fieldIdFor } from '../pages/Organisation';
import { invitableRoles } from '../pages/People';
import { matchRoute, safeNext } from '../router';

describe('routes', () => {
  it('matches every page of the app', () => {
    expect(matchRoute('/')).toEqual({ name: 'home' });
    expect(matchRoute('/signin')).toEqual({ name: 'signin' });
    expect(matchRoute('/signup/')).toEqual({ name: 'signup' });
    expect(matchRoute('/invite/abc-DEF_123')).toEqual({ name: 'invite', token: 'abc-DEF_123' });
    expect(matchRoute('/organisation')).toEqual({ name: 'myOrganisation' });
    expect(matchRoute('/organisation/people')).toEqual({ name: 'myPeople' });
    expect(matchRoute('/organisations/14')).toEqual({ name: 'organisation', id: 14 });
    expect(matchRoute('/organisations/14/people')).toEqual({ name: 'people', id: 14 });
    expect(matchRoute('/cpv')).toEqual({ name: 'cpv' });
    expect(matchRoute('/contracts')).toEqual({ name: 'contracts' });
    expect(matchRoute('/contracts/ocds-synth1-1-7')).toEqual({ name: 'contract', ocid: 'ocds-synth1-1-7' });
    expect(matchRoute('/contracts/ocds-a%2Fb')).toEqual({ name: 'contract', ocid: 'ocds-a/b' });
    expect(matchRoute('/contracts/%E0%A4%A')).toEqual({ name: 'notFound' });
    expect(matchRoute('/saved-searches')).toEqual({ name: 'savedSearches' });
    expect(matchRoute('/notifications')).toEqual({ name: 'notifications' });
    expect(matchRoute('/organisations/abc')).toEqual({ name: 'notFound' });
    expect(matchRoute('/communities')).toEqual({ name: 'communities' });
    expect(matchRoute('/communities/7')).toEqual({ name: 'community', id: 7, tab: 'overview', sub: null });
    expect(matchRoute('/communities/7/work-plan')).toEqual({ name: 'community', id: 7, tab: 'work-plan', sub: null });
    expect(matchRoute('/communities/7/discussions/5')).toEqual({ name: 'community', id: 7, tab: 'discussions', sub: 5 });
    expect(matchRoute('/communities/7/events/40')).toEqual({ name: 'community', id: 7, tab: 'events', sub: 40 });
    expect(matchRoute('/communities/7/overview')).toEqual({ name: 'notFound' });
    expect(matchRoute('/communities/7/documents/3')).toEqual({ name: 'notFound' });
    expect(matchRoute('/communities/7/settings')).toEqual({ name: 'notFound' });
    expect(matchRoute('/dashboard')).toEqual({ name: 'dashboard' });
    expect(matchRoute('/exchanges')).toEqual({ name: 'exchanges' });
    expect(matchRoute('/assessments')).toEqual({ name: 'assessments' });
    expect(matchRoute('/assessments/4')).toEqual({ name: 'assessment', id: 4, tab: 'overview' });
    expect(matchRoute('/assessments/4/progress')).toEqual({ name: 'assessment', id: 4, tab: 'progress' });
    expect(matchRoute('/assessments/4/analysis')).toEqual({ name: 'assessment', id: 4, tab: 'analysis' });
    expect(matchRoute('/assessments/4/formation')).toEqual({ name: 'assessment', id: 4, tab: 'formation' });
    expect(matchRoute('/assessments/4/overview')).toEqual({ name: 'notFound' });
    expect(matchRoute('/assessments/x')).toEqual({ name: 'notFound' });
  });

  it('returns only to local paths after sign-in', () => {
    expect(safeNext('/organisation/people')).toBe('/organisation/people');
    expect(safeNext('//evil.example/x')).toBeNull();
    expect(safeNext('https://evil.example/')).toBeNull();
    expect(safeNext(null)).toBeNull();
  });
});

describe('forms', () => {
  beforeEach(() => setLanguage('en'));

  it('ties server field names to the profile form controls', () => {
    expect(fieldIdFor('annual_budget_eur')).toBe('org-budget');
    expect(fieldIdFor('identifiers[2].id')).toBe('org-identifier-2-id');
    expect(fieldIdFor('identifiers[0].scheme')).toBe('org-identifier-0-scheme');
    expect(fieldIdFor('identifiers[1]')).toBe('org-identifier-1-scheme');
    expect(fieldIdFor('identifiers')).toBe('org-add-identifier');
    expect(fieldIdFor('created_at')).toBeUndefined();
  });

  it('offers the roles the server allows per kind of organisation', () => {
    expect(invitableRoles({ type: 'municipality' })).toEqual(['org_admin', 'buyer', 'observer']);
    expect(invitableRoles({ type: 'supplier' })).toEqual(['org_admin', 'market_actor']);
  });

  it('words errors in the current language when the server gave no detail', () => {
    expect(errorMessage(new ApiError({ status: 403 }))).toBe('You are not allowed to do this.');
    setLanguage('fr');
    expect(errorMessage(new ApiError({ status: 0, type: 'network' }))).toBe(
      'Le serveur Cobuy est injoignable. Vérifiez votre connexion et réessayez.',
    );
    expect(errorMessage(new ApiError({ status: 429, detail: 'too many failed sign-ins', retryAfter: 300 }))).toBe(
      'too many failed sign-ins Réessayez dans 5\u00a0minutes.',
    );
    expect(errorMessage(new Error('boom'))).toBe('Une erreur s’est produite. Veuillez réessayer.');
  });
});
