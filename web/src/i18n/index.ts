// A small i18n module: the current language (persisted in localStorage and mirrored in
// <html lang>), t(key, params) over the en/de/fr dictionaries, and Intl formatting.
import { useSyncExternalStore } from 'react';
import { en, type MessageKey } from './en';
import { de } from './de';
import { fr } from './fr';

export type { MessageKey };
export type Language = 'en' | 'de' | 'fr';
export type Params = Record<string, string | number>;

export const dictionaries: Record<Language, Record<MessageKey, string>> = { en, de, fr };

/** The languages offered, each named in itself. */
export const LANGUAGES: ReadonlyArray<{ code: Language; name: string }> = [
  { code: 'en', name: 'English' },
  { code: 'de', name: 'Deutsch' },
  { code: 'fr', name: 'Français' },
];

/** The Intl locale used for numbers and dates in each language. */
export const LOCALES: Record<Language, string> = { en: 'en-GB', de: 'de-DE', fr: 'fr-FR' };

export const STORAGE_KEY = 'cobuy.language';

export function isLanguage(value: unknown): value is Language {
  return value === 'en' || value === 'de' || value === 'fr';
}

function initialLanguage(): Language {
  try {
    const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (isLanguage(stored)) return stored;
  } catch {
    // storage may be disabled
  }
  const nav = typeof navigator !== 'undefined' ? navigator.language?.slice(0, 2).toLowerCase() : '';
  return isLanguage(nav) ? nav : 'en';
}

let current: Language = initialLanguage();
const listeners = new Set<() => void>();

function applyToDocument(lang: Language) {
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
}
applyToDocument(current);

export function getLanguage(): Language {
  return current;
}

/** Switches the interface language, remembers it and tells subscribers. */
export function setLanguage(lang: Language): void {
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, lang);
  } catch {
    // storage may be disabled
  }
  applyToDocument(lang);
  if (lang === current) return;
  current = lang;
  for (const l of listeners) l();
}

export function subscribeLanguage(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Re-renders the calling component when the language changes. */
export function useLanguage(): Language {
  return useSyncExternalStore(subscribeLanguage, getLanguage, getLanguage);
}

function interpolate(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

export function translate(lang: Language, key: MessageKey, params?: Params): string {
  const text = dictionaries[lang][key] ?? en[key] ?? key;
  return interpolate(text, params);
}

/** The message for `key` in the current language, with {placeholders} filled from params. */
export function t(key: MessageKey, params?: Params): string {
  return translate(current, key, params);
}

export function hasKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(en, key);
}

/** Translates a value from a closed set the API names, e.g. roleName('org_admin'); unknown values pass through. */
function named(prefix: string, value: string): string {
  const key = `${prefix}.${value}`;
  return hasKey(key) ? t(key) : value;
}

export const roleName = (role: string) => named('role', role);
export const organisationTypeName = (type: string) => named('orgType', type);
export const personStatusName = (status: string) => named('personStatus', status);
export const cpvLevelName = (level: string) => named('cpvLevel', level);
export const methodName = (method: string) => named('method', method);
export const tenderStatusName = (status: string) => named('tenderStatus', status);
export const instrumentName = (instrument: string) => named('instrument', instrument);
export const categoryName = (category: string) => named('category', category);
export const releaseTagName = (tag: string) => named('releaseTag', tag);
export const sourceName = (source: string) => named('source', source);
/** A buyer type code in the current language; unknown codes fall back to the server's label, then the code. */
export function buyerTypeName(code: string, fallback?: string): string {
  const key = `buyerType.${code}`;
  if (hasKey(key)) return t(key);
  const orgType = `orgType.${code}`;
  if (hasKey(orgType)) return t(orgType);
  return fallback || code;
}

/** A country's name in the current language, e.g. countryName('NL') = "Netherlands"; the code when unknown. */
export function countryName(code: string): string {
  try {
    return new Intl.DisplayNames([locale()], { type: 'region' }).of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

/** The emoji flag of an ISO alpha-2 country code (two regional-indicator letters); '' for anything else. */
export function flagEmoji(code: string | null | undefined): string {
  if (!code || !/^[A-Za-z]{2}$/.test(code)) return '';
  const up = code.toUpperCase();
  return String.fromCodePoint(0x1f1e6 + up.charCodeAt(0) - 65, 0x1f1e6 + up.charCodeAt(1) - 65);
}

export const languageName = (lang: string) => LANGUAGES.find((l) => l.code === lang)?.name ?? lang;

/** A language's name in the current language, e.g. displayLanguage('de') = "German" in English. */
export function displayLanguage(code: string): string {
  try {
    return new Intl.DisplayNames([locale()], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

export function locale(lang: Language = current): string {
  return LOCALES[lang];
}

export function formatNumber(value: number, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(locale(), options).format(value);
}

/** An amount in euro without cents, e.g. "€900,000,000", "900.000.000 €". */
export function formatEuro(value: number): string {
  return new Intl.NumberFormat(locale(), {
    style: 'currency',
    currency: 'EUR',
    maximumFractionDigits: value % 1 === 0 ? 0 : 2,
    minimumFractionDigits: value % 1 === 0 ? 0 : 2,
  }).format(value);
}

export function formatDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'long' }).format(d);
}

export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'long', timeStyle: 'short' }).format(d);
}

/**
 * Reads an amount typed in the current locale's notation ("1.250.000,50" in German,
 * "1 250 000,50" in French, "1,250,000.50" in English); null when it is not a number.
 */
export function parseAmount(text: string, lang: Language = current): number | null {
  const parts = new Intl.NumberFormat(LOCALES[lang]).formatToParts(12345.6);
  const group = parts.find((p) => p.type === 'group')?.value ?? ',';
  const decimal = parts.find((p) => p.type === 'decimal')?.value ?? '.';
  let s = text.replace(/[\s\u00a0\u202f']/g, '').replace(/€|eur/gi, '');
  if (s === '') return null;
  if (group !== decimal) s = s.split(group).join('');
  if (decimal !== '.') s = s.replace(decimal, '.');
  if (!/^\d+(\.\d+)?$/.test(s)) return null;
  return Number(s);
}

/** The amount as a person would type it back in the current locale, without grouping. */
export function amountForInput(value: number | null, lang: Language = current): string {
  if (value === null || value === undefined) return '';
  return new Intl.NumberFormat(LOCALES[lang], { useGrouping: false, maximumFractionDigits: 2 }).format(value);
}

// Step 4: the closed sets of the communities API.
export const communityKindName = (kind: string) => named('communityKind', kind);
export const opennessName = (openness: string) => named('openness', openness);
export const communityRoleName = (role: string) => named('communityRole', role);
export const membershipStatusName = (status: string) => named('membershipStatus', status);
export const eventKindName = (kind: string) => named('eventKind', kind);
export const outputKindName = (kind: string) => named('outputKind', kind);
export const ambitionName = (ambition: string) => named('ambition', ambition);
export const activityStatusName = (status: string) => named('activityStatus', status);
export const healthFlagName = (code: string) => named('healthFlag', code);
export const exchangeKindName = (kind: string) => named('exchangeKind', kind);
export const exchangeStatusName = (status: string) => named('exchangeStatus', status);

/** A "YYYY-MM-DDTHH:MM" wall-clock time as written, e.g. "12 March 2026, 10:00" (no zone conversion). */
export function formatLocalDateTime(local: string): string {
  const m = local.match(/^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/);
  if (!m) return local;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]));
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }).format(d);
}

/** A "YYYY-MM-DD" date as written, e.g. "12 March 2026". */
export function formatDay(day: string): string {
  const m = day.match(/^(\d{4})-(\d{2})-(\d{2})$/);
  if (!m) return formatDate(day);
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'long', timeZone: 'UTC' }).format(d);
}

/** A "YYYY-MM" month, e.g. "March 2026". */
export function formatMonth(month: string): string {
  const m = month.match(/^(\d{4})-(\d{2})/);
  if (!m) return month;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, 1));
  return new Intl.DateTimeFormat(locale(), { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(d);
}

/** A file size, e.g. "12 bytes", "3.4 kB", "1.2 MB". */
export function formatBytes(size: number): string {
  if (size < 1000) return t('common.bytes', { count: formatNumber(size) });
  const units = ['kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = size / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return new Intl.NumberFormat(locale(), { style: 'unit', unit: units[unit], unitDisplay: 'short', maximumFractionDigits: 1 }).format(value);
}

// Step 5: the closed sets of the needs assessment API.
export const assessmentStatusName = (status: string) => named('assessmentStatus', status);
export const responseStatusName = (status: string) => named('responseStatus', status);
export const areaRoleName = (role: string) => named('areaRole', role);
export const interestName = (level: number | string) => named('interest', String(level));
export const solveStatusName = (status: string) => named('solveStatus', status);

// Step 6: the closed sets of the market API (docs/MARKET.md).
export const pipelineStatusName = (status: string) => named('pipelineStatus', status);
export const pipelineSourceName = (source: string) => named('pipelineSource', source);
export const opportunityActionName = (code: string) => named('opportunityAction', code);
export const concentrationLevelName = (level: string) => named('concentrationLevel', level);
export const warningCodeName = (code: string) => named('warningCode', code);
export const priceFlagName = (flag: string) => named('priceFlag', flag);

/** A common unit's name ("piece", "kilogram"): its UN/CEFACT code translated, else the server's name, else the code. */
export function unitName(code: string | null | undefined, fallback?: string | null): string {
  if (code) {
    const key = `unit.${code.toUpperCase()}`;
    if (hasKey(key)) return t(key);
  }
  return fallback || code || t('unit.unknown');
}

/** An ordinal in the current language: "80th", "80.", "80e" ("1er" in French). */
export function formatOrdinal(n: number): string {
  const whole = Math.round(n);
  if (current === 'de') return `${formatNumber(whole)}.`;
  if (current === 'fr') return whole === 1 ? '1er' : `${formatNumber(whole)}e`;
  const suffix: Record<string, string> = { one: 'st', two: 'nd', few: 'rd', other: 'th' };
  return `${formatNumber(whole)}${suffix[new Intl.PluralRules('en-GB', { type: 'ordinal' }).select(whole)] ?? 'th'}`;
}

/** A unit price in euro: cents always, four decimals below one euro ("€0.0925", "€1,250.50"). */
export function formatPrice(value: number): string {
  const small = Math.abs(value) < 1 && value !== 0;
  return new Intl.NumberFormat(locale(), {
    style: 'currency',
    currency: 'EUR',
    minimumFractionDigits: 2,
    maximumFractionDigits: small ? 4 : 2,
  }).format(value);
}

/** An amount in any currency, e.g. "SEK 4,200,000" / "4.200.000 SEK"; the number and code when Intl does not know it. */
export function formatMoney(amount: number, currency: string): string {
  if (currency === 'EUR') return formatEuro(amount);
  try {
    return new Intl.NumberFormat(locale(), {
      style: 'currency',
      currency,
      maximumFractionDigits: amount % 1 === 0 ? 0 : 2,
      minimumFractionDigits: amount % 1 === 0 ? 0 : 2,
    }).format(amount);
  } catch {
    return `${formatNumber(amount)} ${currency}`;
  }
}

/** A currency's name in the current language, e.g. currencyName('SEK') = "Swedish krona". */
export function currencyName(code: string): string {
  try {
    return new Intl.DisplayNames([locale()], { type: 'currency' }).of(code) ?? code;
  } catch {
    return code;
  }
}
