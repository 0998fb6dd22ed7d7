// Building blocks shared by the community pages: loading a resource, moving between the
// workspace's tabs without leaving the page, and showing an event's time.
import { useCallback, useEffect, useState, type AnchorHTMLAttributes, type MouseEvent } from 'react';
import type { CommunityEvent, Member } from '../../api';
import { errorMessage } from '../../errors';
import { formatLocalDateTime, locale, t } from '../../i18n';
import { navigate, useLocation } from '../../router';
import { sessionEnded, useSession } from '../../session';

export interface Resource<T> {
  data: T | null;
  error: string | null;
  /** The HTTP status of a failed load (0 when the server could not be reached). */
  status: number | null;
  setData: (update: (current: T | null) => T | null) => void;
  reload: () => void;
}

/** Loads `load()` when `key` changes; an ended session sends the person to sign in. */
export function useResource<T>(load: () => Promise<T>, key: string): Resource<T> {
  const { setMe } = useSession();
  const [data, setDataState] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<number | null>(null);
  const [round, setRound] = useState(0);

  useEffect(() => {
    let live = true;
    setError(null);
    load()
      .then((d) => {
        if (live) setDataState(d);
      })
      .catch((e) => {
        if (!live || sessionEnded(e, setMe)) return;
        setStatus(typeof e?.status === 'number' ? e.status : null);
        setError(errorMessage(e));
      });
    return () => {
      live = false;
    };
    // `load` is a new function on each render; `key` says when it asks for something else
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, round, setMe]);

  const setData = useCallback((update: (current: T | null) => T | null) => setDataState(update), []);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { data, error, status, setData, reload };
}

/**
 * Moves within a community's page (another tab, a thread, an event): the URL changes (back and
 * forward work) but focus is moved by the page itself, to the new panel's heading.
 */
export function goTo(path: string): void {
  navigate(path, { quiet: true, keepScroll: true });
}

type PanelLinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { to: string; current?: 'page' | 'true' };

/** A link within the community's page (see goTo). */
export function PanelLink({ to, current, onClick, ...rest }: PanelLinkProps) {
  useLocation();
  const handle = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    goTo(to);
  };
  return <a href={to} aria-current={current} onClick={handle} {...rest} />;
}

/** Focuses the current panel's heading (after an action replaced what was shown). */
export function focusPanel(): void {
  window.requestAnimationFrame(() => document.getElementById('panel-title')?.focus());
}

/** The browser's IANA time zone, e.g. "Europe/Brussels". */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

const FALLBACK_ZONES = [
  'UTC',
  'Atlantic/Reykjavik',
  'Europe/Lisbon',
  'Europe/Dublin',
  'Europe/London',
  'Europe/Amsterdam',
  'Europe/Berlin',
  'Europe/Brussels',
  'Europe/Paris',
  'Europe/Rome',
  'Europe/Madrid',
  'Europe/Vienna',
  'Europe/Warsaw',
  'Europe/Prague',
  'Europe/Stockholm',
  'Europe/Oslo',
  'Europe/Copenhagen',
  'Europe/Helsinki',
  'Europe/Athens',
  'Europe/Bucharest',
  'Europe/Sofia',
  'Europe/Zurich',
];

/** The time zones to offer: the browser's list, with `always` included. */
export function timeZones(always: string): string[] {
  let zones: string[] = FALLBACK_ZONES;
  try {
    const supported = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf;
    if (supported) zones = supported('timeZone');
  } catch {
    // keep the short list
  }
  return zones.includes(always) ? zones : [always, ...zones];
}

/** "12 March 2026, 10:00 – 12 March 2026, 12:00 (Europe/Brussels)", shortened when the day is the same. */
export function eventWhen(e: Pick<CommunityEvent, 'starts_at' | 'ends_at' | 'time_zone'>): string {
  const start = formatLocalDateTime(e.starts_at);
  const sameDay = e.starts_at.slice(0, 10) === e.ends_at.slice(0, 10);
  const end = sameDay ? e.ends_at.slice(11, 16) : formatLocalDateTime(e.ends_at);
  return t('event.when', { start, end, zone: e.time_zone });
}

/** The start in the viewer's own time zone, when it differs from the event's; null otherwise. */
export function eventWhenHere(e: Pick<CommunityEvent, 'starts_at_utc' | 'time_zone'>, here = browserTimeZone()): string | null {
  if (!e.starts_at_utc || here === e.time_zone) return null;
  const d = new Date(e.starts_at_utc);
  if (Number.isNaN(d.getTime())) return null;
  try {
    const text = new Intl.DateTimeFormat(locale(), {
      dateStyle: 'long',
      timeStyle: 'short',
      timeZone: here,
    }).format(d);
    return t('event.whenHere', { time: text, zone: here });
  } catch {
    return null;
  }
}

/** Active members, for pickers (mentions, invitations, owners). */
export function activeMembers(members: Member[] | null): Member[] {
  return (members ?? []).filter((m) => m.status === 'active');
}

/** Ids of the checked boxes in a set, in the order of `order`. */
export function toggle(ids: number[], id: number, on: boolean): number[] {
  return on ? (ids.includes(id) ? ids : [...ids, id]) : ids.filter((x) => x !== id);
}
