// The person's saved searches (open, see whether alerts are on, delete) and their notifications.
import { useEffect, useRef, useState } from 'react';
import { api, parseSearchParams, type AppNotification, type SavedSearch } from '../api';
import { Notice } from '../components/forms';
import { appendPage, Loading, PageHeader, ShowMore, useTitle } from '../components/page';
import { errorMessage } from '../errors';
import { formatDate, formatDateTime, formatNumber, t, useLanguage } from '../i18n';
import { setUnread } from '../notifications';
import { Link, safeNext } from '../router';
import { sessionEnded, useSession } from '../session';
import { NotificationSettings } from './NotificationSettings';
import { searchPath } from './Search';

export function SavedSearchesPage() {
  useLanguage();
  useTitle(t('saved.title'));
  const { setMe, announce } = useSession();
  const [items, setItems] = useState<SavedSearch[] | null>(null);
  const [total, setTotal] = useState(0);
  const [more, setMore] = useState(false);
  const [focusId, setFocusId] = useState<number | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<number | null>(null);
  const tableRef = useRef<HTMLTableElement>(null);

  useEffect(() => {
    let live = true;
    api
      .savedSearches()
      .then((page) => {
        if (!live) return;
        setItems(page.items);
        setTotal(page.total);
      })
      .catch((e) => {
        if (!live) return;
        if (sessionEnded(e, setMe)) return;
        setLoadError(errorMessage(e));
      });
    return () => {
      live = false;
    };
  }, [setMe]);

  // After “Show more”, the first of the newly shown searches takes the focus.
  useEffect(() => {
    if (focusId === null) return;
    document.getElementById(`saved-${focusId}`)?.focus();
    setFocusId(null);
  }, [focusId]);

  // The next page starts after the searches shown: deleting one here shifts the server's list
  // by as many as it shifts this one.
  async function showMore() {
    const shown = items ?? [];
    setActionError(null);
    setMore(true);
    try {
      const page = await api.savedSearches(shown.length);
      const { items: next, added } = appendPage(shown, page.items);
      setItems(next);
      setTotal(page.total);
      announce(t('list.showing', { shown: formatNumber(next.length), total: formatNumber(page.total) }));
      if (added.length > 0) setFocusId(added[0].id);
    } catch (e) {
      if (sessionEnded(e, setMe)) return;
      setActionError(errorMessage(e));
    } finally {
      setMore(false);
    }
  }

  async function remove(s: SavedSearch) {
    setActionError(null);
    setDone(null);
    try {
      await api.deleteSavedSearch(s.id);
      setItems((list) => (list ?? []).filter((x) => x.id !== s.id));
      setTotal((n) => Math.max(0, n - 1));
      setConfirming(null);
      const message = t('saved.deleted', { name: s.name });
      setDone(message);
      announce(message);
      (tableRef.current ?? document.getElementById('saved-title'))?.focus();
    } catch (e) {
      if (sessionEnded(e, setMe)) return;
      setActionError(errorMessage(e));
    }
  }

  return (
    <>
      <PageHeader title={t('saved.title')} lead={t('saved.lead')} />
      {loadError && <Notice kind="error">{loadError}</Notice>}
      {actionError && <Notice kind="error">{actionError}</Notice>}
      {done && <Notice kind="success">{done}</Notice>}
      {!items && !loadError && <Loading />}
      {items && items.length === 0 && total === 0 && (
        <div className="card">
          <p>{t('saved.empty')}</p>
          <p>
            <Link to="/contracts">{t('saved.toSearch')}</Link>
          </p>
        </div>
      )}
      {items && (items.length > 0 || total > 0) && (
        <section className="card" aria-labelledby="saved-title">
          <h2 id="saved-title" tabIndex={-1}>
            {t('saved.caption')}
          </h2>
          <div className="table-wrap">
            <table className="table" ref={tableRef} tabIndex={-1} data-testid="saved-table">
              <caption className="visually-hidden">{t('saved.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('saved.col.name')}</th>
                  <th scope="col">{t('saved.col.alerts')}</th>
                  <th scope="col">{t('saved.col.created')}</th>
                  <th scope="col">{t('saved.col.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((s) => (
                  <tr key={s.id}>
                    <th scope="row" className="cell-name">
                      <Link id={`saved-${s.id}`} to={searchPath(parseSearchParams(s.params ?? {}))}>
                        <span className="visually-hidden">{t('saved.open')}:</span> {s.name}
                      </Link>
                    </th>
                    <td>{s.alerts ? t('saved.alertsOn') : t('saved.alertsOff')}</td>
                    <td>{formatDate(s.created_at)}</td>
                    <td className="cell-actions">
                      {confirming === s.id ? (
                        <span className="confirm">
                          <span>{t('saved.confirmDelete', { name: s.name })}</span>{' '}
                          <button type="button" className="button button--danger button--small" onClick={() => remove(s)}>
                            {t('saved.deleteYes')}
                          </button>{' '}
                          <button
                            type="button"
                            className="button button--secondary button--small"
                            onClick={() => setConfirming(null)}
                          >
                            {t('common.cancel')}
                          </button>
                        </span>
                      ) : (
                        <button
                          type="button"
                          className="button button--secondary button--small"
                          onClick={() => setConfirming(s.id)}
                        >
                          {t('saved.delete')} <span className="visually-hidden">{s.name}</span>
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <ShowMore
            id="saved-more"
            shown={items.length}
            total={Math.max(total, items.length)}
            busy={more}
            label={t('saved.showMore')}
            onMore={showMore}
          />
        </section>
      )}
    </>
  );
}

export function NotificationsPage() {
  useLanguage();
  useTitle(t('notif.title'));
  const { setMe, announce } = useSession();
  const [items, setItems] = useState<AppNotification[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    api
      .notifications()
      .then((r) => {
        if (!live) return;
        setItems(r.items);
        setUnread(r.unread);
      })
      .catch((e) => {
        if (!live) return;
        if (sessionEnded(e, setMe)) return;
        setLoadError(errorMessage(e));
      });
    return () => {
      live = false;
    };
  }, [setMe]);

  async function markRead(n: AppNotification) {
    setActionError(null);
    try {
      await api.markNotificationRead(n.id);
      const next = (items ?? []).map((x) => (x.id === n.id ? { ...x, read: true } : x));
      setItems(next);
      setUnread(next.filter((x) => !x.read).length);
      announce(t('notif.marked', { title: n.title }));
      document.getElementById(`notification-${n.id}`)?.focus();
    } catch (e) {
      if (sessionEnded(e, setMe)) return;
      setActionError(errorMessage(e));
    }
  }

  return (
    <>
      <PageHeader title={t('notif.title')} lead={t('notif.lead')} />
      {loadError && <Notice kind="error">{loadError}</Notice>}
      {actionError && <Notice kind="error">{actionError}</Notice>}
      {!items && !loadError && <Loading />}
      {items && items.length === 0 && <p className="card">{t('notif.empty')}</p>}
      {items && items.length > 0 && (
        <ul className="notifications" data-testid="notifications">
          {items.map((n) => {
            const local = safeNext(n.link);
            return (
              <li
                key={n.id}
                id={`notification-${n.id}`}
                tabIndex={-1}
                className={`card notification${n.read ? '' : ' notification--unread'}`}
              >
                <h2 className="notification__title">
                  {local ? <Link to={local}>{n.title}</Link> : n.title}
                </h2>
                <p className="notification__meta">
                  <span className={`badge ${n.read ? 'badge--no' : 'badge--yes'}`}>
                    {n.read ? t('notif.read') : t('notif.unread')}
                  </span>{' '}
                  <time dateTime={n.created_at}>{formatDateTime(n.created_at)}</time>
                </p>
                {n.body && <p>{n.body}</p>}
                {!n.read && (
                  <button type="button" className="button button--secondary button--small" onClick={() => markRead(n)}>
                    {t('notif.markRead')}
                    <span className="visually-hidden">: {n.title}</span>
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      <NotificationSettings />
    </>
  );
}
