import { useEffect, type ReactNode } from 'react';
import { formatNumber, t } from '../i18n';

/** Sets the document title to "<title> – Cobuy" while the page is shown. */
export function useTitle(title: string): void {
  useEffect(() => {
    document.title = t('app.titleTemplate', { page: title });
  }, [title]);
}

/** A page's single h1, with an optional lead paragraph; focused after in-app navigation. */
export function PageHeader({ title, lead, children }: { title: ReactNode; lead?: ReactNode; children?: ReactNode }) {
  return (
    <div className="page-header">
      <div className="page-header__text">
        <h1 tabIndex={-1}>{title}</h1>
        {lead && <p className="lead">{lead}</p>}
      </div>
      {children && <div className="page-header__actions">{children}</div>}
    </div>
  );
}

export function Loading({ label }: { label?: string }) {
  return (
    <p className="loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {label ?? t('common.loading')}
    </p>
  );
}

/**
 * Under a list the server pages: how many of how many are shown, and, while some are not, a
 * button that loads the next page (named by `label`, e.g. “Show more documents”).
 */
export function ShowMore({
  id,
  shown,
  total,
  busy,
  label,
  onMore,
}: {
  id: string;
  shown: number;
  total: number;
  busy: boolean;
  label: string;
  onMore: () => void;
}) {
  if (total === 0) return null;
  return (
    <div className="pager pager--more" data-testid={id}>
      <p className="pager__range" id={`${id}-count`}>
        {t('list.showing', { shown: formatNumber(shown), total: formatNumber(total) })}
      </p>
      {shown < total && (
        <button type="button" className="button button--secondary" onClick={onMore} disabled={busy} aria-describedby={`${id}-count`}>
          {busy ? t('list.loadingMore') : label}
        </button>
      )}
    </div>
  );
}

/**
 * The list shown followed by the items of the next page it does not hold yet (a list that
 * changed between two requests can repeat an item); `added` are those new items.
 */
export function appendPage<T extends { id: number }>(shown: T[], page: T[]): { items: T[]; added: T[] } {
  const known = new Set(shown.map((x) => x.id));
  const added = page.filter((x) => !known.has(x.id));
  return { items: [...shown, ...added], added };
}
