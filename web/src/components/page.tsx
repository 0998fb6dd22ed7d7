import { useEffect, type ReactNode } from 'react';
import { t } from '../i18n';

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
