// The number of unread notifications, shown in the navigation and kept current by the pages
// that change it (the notifications page marks them read).
import { useSyncExternalStore } from 'react';
import { api } from './api';

let unread: number | null = null;
const listeners = new Set<() => void>();

export function setUnread(count: number | null): void {
  if (count === unread) return;
  unread = count;
  for (const l of listeners) l();
}

export function getUnread(): number | null {
  return unread;
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The unread count, or null while unknown (not signed in, or not fetched yet). */
export function useUnread(): number | null {
  return useSyncExternalStore(subscribe, getUnread, getUnread);
}

/** Asks the server for the unread count; a failure leaves the last known count. */
export async function refreshUnread(): Promise<void> {
  try {
    setUnread((await api.notifications()).unread);
  } catch {
    // the indicator is a convenience: keep what we had
  }
}
