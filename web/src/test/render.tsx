// Rendering a page as someone: the session context the app gives its pages, with spies for
// what a page may ask of the session.
import { render, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { vi } from 'vitest';
import type { Me } from '../api';
import { SessionContext } from '../session';

/** Renders `node` for `me` (null: signed out); returns the session's announce and setMe spies. */
export function renderAs(me: Me | null, node: ReactNode) {
  const announce = vi.fn();
  const setMe = vi.fn();
  render(<SessionContext.Provider value={{ me, setMe, announce }}>{node}</SessionContext.Provider>);
  return { announce, setMe };
}

/** The text of every cell of a table, row by row; the heading row only when `withHeader`. */
export function rowsOf(table: HTMLElement, withHeader = false): Array<Array<string | null>> {
  return within(table)
    .getAllByRole('row')
    .slice(withHeader ? 0 : 1)
    .map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent));
}
