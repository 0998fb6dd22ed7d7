// A tiny history-API router. The server answers every non-/api path with index.html, so
// paths like /organisation/people work on reload.
import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';

export type Route =
  | { name: 'home' }
  | { name: 'signin' }
  | { name: 'signup' }
  | { name: 'invite'; token: string }
  | { name: 'account' }
  | { name: 'forgotPassword' }
  | { name: 'resetPassword'; token: string }
  | { name: 'confirmEmail'; token: string }
  | { name: 'identifierClaims' }
  | { name: 'myOrganisation' }
  | { name: 'organisation'; id: number }
  | { name: 'myPeople' }
  | { name: 'people'; id: number }
  | { name: 'cpv' }
  | { name: 'contracts' }
  | { name: 'contract'; ocid: string }
  | { name: 'savedSearches' }
  | { name: 'notifications' }
  | { name: 'communities' }
  | { name: 'community'; id: number; tab: CommunityTab; sub: number | null }
  | { name: 'dashboard' }
  | { name: 'exchanges' }
  | { name: 'assessments' }
  | { name: 'assessment'; id: number; tab: AssessmentTab }
  | { name: 'pipeline' }
  | { name: 'pipelineEntry'; id: number }
  | { name: 'opportunities' }
  | { name: 'prices' }
  | { name: 'notFound' };

/** The parts of a needs assessment's page: the answer form (or summary) and the secretariat's tabs. */
export const ASSESSMENT_TABS = ['overview', 'progress', 'analysis', 'formation'] as const;
export type AssessmentTab = (typeof ASSESSMENT_TABS)[number];

/** The parts of a community's page: the public overview and the workspace's tabs. */
export const COMMUNITY_TABS = ['overview', 'discussions', 'documents', 'events', 'work-plan', 'outputs', 'members', 'figures'] as const;
export type CommunityTab = (typeof COMMUNITY_TABS)[number];

function isCommunityTab(value: string): value is CommunityTab {
  return (COMMUNITY_TABS as readonly string[]).includes(value);
}

export function matchRoute(pathname: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  let m: RegExpMatchArray | null;
  if (path === '/') return { name: 'home' };
  if (path === '/signin') return { name: 'signin' };
  if (path === '/signup') return { name: 'signup' };
  if ((m = path.match(/^\/invite\/([^/]+)$/))) return { name: 'invite', token: decodeURIComponent(m[1]) };
  if (path === '/account') return { name: 'account' };
  if (path === '/forgot-password') return { name: 'forgotPassword' };
  if ((m = path.match(/^\/reset-password\/([^/]+)$/))) return { name: 'resetPassword', token: decodeURIComponent(m[1]) };
  if ((m = path.match(/^\/confirm-email\/([^/]+)$/))) return { name: 'confirmEmail', token: decodeURIComponent(m[1]) };
  if (path === '/identifier-claims') return { name: 'identifierClaims' };
  if (path === '/organisation') return { name: 'myOrganisation' };
  if (path === '/organisation/people') return { name: 'myPeople' };
  if ((m = path.match(/^\/organisations\/(\d+)$/))) return { name: 'organisation', id: Number(m[1]) };
  if ((m = path.match(/^\/organisations\/(\d+)\/people$/))) return { name: 'people', id: Number(m[1]) };
  if (path === '/cpv') return { name: 'cpv' };
  if (path === '/contracts') return { name: 'contracts' };
  if ((m = path.match(/^\/contracts\/([^/]+)$/))) {
    try {
      return { name: 'contract', ocid: decodeURIComponent(m[1]) };
    } catch {
      return { name: 'notFound' };
    }
  }
  if (path === '/saved-searches') return { name: 'savedSearches' };
  if (path === '/notifications') return { name: 'notifications' };
  if (path === '/communities') return { name: 'communities' };
  if ((m = path.match(/^\/communities\/(\d+)$/))) return { name: 'community', id: Number(m[1]), tab: 'overview', sub: null };
  if ((m = path.match(/^\/communities\/(\d+)\/([a-z-]+)$/)) && m[2] !== 'overview' && isCommunityTab(m[2])) {
    return { name: 'community', id: Number(m[1]), tab: m[2], sub: null };
  }
  if ((m = path.match(/^\/communities\/(\d+)\/(discussions|events)\/(\d+)$/))) {
    return { name: 'community', id: Number(m[1]), tab: m[2] as CommunityTab, sub: Number(m[3]) };
  }
  if (path === '/dashboard') return { name: 'dashboard' };
  if (path === '/exchanges') return { name: 'exchanges' };
  if (path === '/assessments') return { name: 'assessments' };
  if ((m = path.match(/^\/assessments\/(\d+)$/))) return { name: 'assessment', id: Number(m[1]), tab: 'overview' };
  if ((m = path.match(/^\/assessments\/(\d+)\/(progress|analysis|formation)$/))) {
    return { name: 'assessment', id: Number(m[1]), tab: m[2] as AssessmentTab };
  }
  if (path === '/pipeline') return { name: 'pipeline' };
  if ((m = path.match(/^\/pipeline\/(\d+)$/))) return { name: 'pipelineEntry', id: Number(m[1]) };
  if (path === '/opportunities') return { name: 'opportunities' };
  if (path === '/prices') return { name: 'prices' };
  return { name: 'notFound' };
}

const listeners = new Set<() => void>();
let navigations = 0;

function emit(counts = true) {
  if (counts) navigations += 1;
  for (const l of listeners) l();
}

if (typeof window !== 'undefined') window.addEventListener('popstate', () => emit());

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function snapshot() {
  return window.location.pathname + window.location.search;
}

/** The current path and query, e.g. "/signin?next=%2Forganisation". */
export function useLocation(): string {
  return useSyncExternalStore(subscribe, snapshot, snapshot);
}

/** How many in-app navigations the person made; 0 on the first page view (quiet redirects do not count). */
export function navigationCount(): number {
  return navigations;
}

/**
 * Goes to `to`. A `quiet` navigation is a redirect the person did not ask for (e.g. "/" to
 * "/signin" on load), or a change within the page (a search filter): it leaves focus where it
 * is. `keepScroll` leaves the scroll position too.
 */
export function navigate(to: string, options: { replace?: boolean; quiet?: boolean; keepScroll?: boolean } = {}): void {
  if (to === snapshot()) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  if (!options.keepScroll) window.scrollTo?.(0, 0);
  emit(!options.quiet);
}

export function queryParam(name: string): string | null {
  return new URLSearchParams(window.location.search).get(name);
}

/** A local path safe to return to after signing in ("/x", never "//host" or "https:"). */
export function safeNext(next: string | null): string | null {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : null;
}

type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { to: string };

export function Link({ to, onClick, ...rest }: LinkProps) {
  const current = useLocation();
  const handle = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to);
  };
  const here = current.split('?')[0] === to;
  return <a href={to} aria-current={here ? 'page' : undefined} onClick={handle} {...rest} />;
}
