// Who is signed in, shared by the whole app, and a polite live region for status news.
import { createContext, useContext } from 'react';
import type { Me, OrganisationSummary } from './api';
import { isUnauthenticated } from './errors';
import { navigate } from './router';

export interface SessionValue {
  me: Me | null;
  setMe: (me: Me | null) => void;
  /** Says `message` through the app's polite live region (role=status). */
  announce: (message: string) => void;
}

export const SessionContext = createContext<SessionValue>({
  me: null,
  setMe: () => {},
  announce: () => {},
});

export function useSession(): SessionValue {
  return useContext(SessionContext);
}

/** The session has ended: forgets who was signed in and goes to sign-in, back here after. */
export function signInAgain(setMe: SessionValue['setMe']): void {
  setMe(null);
  navigate(`/signin?expired=1&next=${encodeURIComponent(window.location.pathname + window.location.search)}`, { replace: true });
}

/** When `error` says the session has ended: sends the person to sign in again and returns true. */
export function sessionEnded(error: unknown, setMe: SessionValue['setMe']): boolean {
  if (!isUnauthenticated(error)) return false;
  signInAgain(setMe);
  return true;
}

/** Whether `me` may edit the organisation and manage its people. */
export function canAdminister(me: Me | null, organisationId: number): boolean {
  if (!me) return false;
  if (me.role === 'platform_admin') return true;
  return me.role === 'org_admin' && me.organisation.id === organisationId;
}

/** Whether `me` may see the organisation's people. */
export function canSeePeople(me: Me | null, organisationId: number): boolean {
  if (!me) return false;
  return me.role === 'platform_admin' || me.organisation.id === organisationId;
}

const MARKET_TYPES = new Set(['supplier', 'industry_association']);

export function isMarketOrganisation(org: Pick<OrganisationSummary, 'type'>): boolean {
  return MARKET_TYPES.has(org.type);
}
