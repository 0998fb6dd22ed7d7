import { beforeEach, describe, expect, it } from 'vitest';
import { AREA_ROLES, COMMUNITY_KINDS, COMMUNITY_ROLES, EVENT_KINDS, INTEREST_LEVELS, OUTPUT_KINDS } from '../api';
import { de } from '../i18n/de';
import { en } from '../i18n/en';
import { fr } from '../i18n/fr';
import {
  amountForInput,
  formatDate,
  formatEuro,
  getLanguage,
  organisationTypeName,
  parseAmount,
  roleName,
  setLanguage,
  STORAGE_KEY,
  t,
} from '../i18n';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('dictionaries', () => {
  const languages = { de, fr } as Record<string, Record<string, string>>;
  const enKeys = Object.keys(en).sort();

  for (const [lang, dict] of Object.entries(languages)) {
    it(`${lang} has exactly the keys of en`, () => {
      expect(Object.keys(dict).sort()).toEqual(enKeys);
    });

    it(`${lang} uses the same {placeholders} as en`, () => {
      const differing = enKeys.filter(
        (k) => placeholders(dict[k]).join(',') !== placeholders((en as Record<string, string>)[k]).join(','),
      );
      expect(differing).toEqual([]);
    });
  }

  it('has no empty value in any language', () => {
    const empty = Object.entries({ en, de, fr }).flatMap(([lang, dict]) =>
      Object.entries(dict)
        .filter(([, v]) => v.trim() === '')
        .map(([k]) => `${lang}:${k}`),
    );
    expect(empty).toEqual([]);
  });

  it('translates every role and organisation type the API names', () => {
    const roles = ['platform_admin', 'org_admin', 'buyer', 'market_actor', 'observer'];
    const types = [
      'municipality',
      'region',
      'central_government',
      'central_purchasing_body',
      'public_agency',
      'public_undertaking',
      'hospital_or_university',
      'supplier',
      'industry_association',
      'other',
    ];
    for (const r of roles) expect(Object.keys(en)).toContain(`role.${r}`);
    // Step 3: the contract register's closed sets
    const reasons = ['not_framework', 'expired', 'no_end_date', 'named_buyers_only', 'named_buyer', 'own_contract',
      'categories_match', 'categories_unclear', 'no_categories', 'country_mismatch', 'max_participants', 'cpb', 'dps_open'];
    for (const r of reasons) expect(Object.keys(en)).toContain(`elig.reason.${r}`);
    for (const v of ['likely_usable', 'not_usable', 'ask_lead_buyer']) expect(Object.keys(en)).toContain(`elig.verdict.${v}`);
    for (const m of ['open', 'selective', 'limited', 'direct']) expect(Object.keys(en)).toContain(`method.${m}`);
    for (const i of ['framework', 'dps', 'cpb']) expect(Object.keys(en)).toContain(`instrument.${i}`);
    const facets = ['cpv_division', 'cpv_group', 'country', 'nuts', 'buyer_type', 'method', 'instrument', 'status', 'year'];
    for (const f of facets) expect(Object.keys(en)).toContain(`search.facet.${f}`);
    for (const ty of types) expect(Object.keys(en)).toContain(`orgType.${ty}`);
    // Step 4: the communities API's closed sets (docs/COMMUNITIES.md)
    const sets: Record<string, readonly string[]> = {
      communityKind: COMMUNITY_KINDS,
      communityRole: COMMUNITY_ROLES,
      eventKind: EVENT_KINDS,
      outputKind: OUTPUT_KINDS,
      openness: ['open', 'closed'],
      membershipStatus: ['active', 'requested', 'invited'],
      ambition: ['low', 'medium', 'high'],
      activityStatus: ['planned', 'in_progress', 'done', 'cancelled'],
      healthFlag: ['too_few_participants', 'no_facilitator', 'too_few_meetings'],
      exchangeKind: ['offer', 'request'],
      exchangeStatus: ['open', 'matched', 'done'],
      // Step 5: needs assessments (docs/ASSESSMENTS.md)
      assessmentStatus: ['draft', 'open', 'closed'],
      responseStatus: ['not_started', 'started', 'submitted'],
      areaRole: AREA_ROLES,
      interest: INTEREST_LEVELS.map(String),
      solveStatus: ['optimal', 'infeasible', 'time_limit'],
    };
    for (const [prefix, values] of Object.entries(sets)) {
      for (const v of values) expect(Object.keys(en)).toContain(`${prefix}.${v}`);
    }
  });
});

describe('t and formatting', () => {
  beforeEach(() => setLanguage('en'));

  it('fills placeholders and follows the language', () => {
    expect(t('signin.signedInAs', { name: 'Anouk de Vries' })).toBe('Signed in as Anouk de Vries.');
    setLanguage('de');
    expect(t('signin.signedInAs', { name: 'Anouk de Vries' })).toBe('Angemeldet als Anouk de Vries.');
    expect(roleName('org_admin')).toBe('Organisations-Administration');
    expect(organisationTypeName('municipality')).toBe('Kommune');
    setLanguage('fr');
    expect(t('signin.title')).toBe('Connexion');
    expect(roleName('buyer')).toBe('Acheteur');
    expect(roleName('unknown_role')).toBe('unknown_role');
  });

  it('keeps <html lang> and localStorage in step with the language', () => {
    setLanguage('fr');
    expect(document.documentElement.lang).toBe('fr');
    expect(localStorage.getItem(STORAGE_KEY)).toBe('fr');
    expect(getLanguage()).toBe('fr');
    setLanguage('en');
    expect(document.documentElement.lang).toBe('en');
  });

  it('formats euro amounts and dates per locale', () => {
    expect(formatEuro(900000000)).toBe('€900,000,000');
    expect(formatDate('2026-03-05T10:00:00Z')).toBe('5 March 2026');
    setLanguage('de');
    expect(formatEuro(900000000)).toBe('900.000.000\u00a0€');
    expect(formatDate('2026-03-05T10:00:00Z')).toBe('5. März 2026');
    setLanguage('fr');
    expect(formatEuro(900000000)).toBe('900\u202f000\u202f000\u00a0€');
    expect(formatEuro(1250.5)).toBe('1\u202f250,50\u00a0€');
  });

  it('reads amounts typed in each locale', () => {
    expect(parseAmount('1,250,000.50', 'en')).toBe(1250000.5);
    expect(parseAmount('€ 950000000', 'en')).toBe(950000000);
    expect(parseAmount('1.250.000,50', 'de')).toBe(1250000.5);
    expect(parseAmount('1 250 000,5 €', 'fr')).toBe(1250000.5);
    expect(parseAmount('12abc', 'en')).toBeNull();
    expect(parseAmount('-5', 'en')).toBeNull();
    expect(parseAmount('   ', 'en')).toBeNull();
    expect(amountForInput(1250000.5, 'de')).toBe('1250000,5');
    expect(amountForInput(900000000, 'en')).toBe('900000000');
    expect(amountForInput(null, 'en')).toBe('');
  });
});
