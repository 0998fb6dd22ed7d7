import { useEffect, useState } from 'react';
import { api, type ContractPage } from '../api';
import { errorMessage, isUnauthenticated } from '../errors';
import { Loading, PageHeader, useTitle } from '../components/page';
import { formatDate, formatEuro, formatNumber, t, useLanguage } from '../i18n';
import { signInAgain, useSession } from '../session';

const PAGE_SIZE = 20;

/** The contract register: processes drawn from open data, latest first, a page at a time. */
export function ContractsPage() {
  useLanguage();
  useTitle(t('contracts.title'));
  const { setMe } = useSession();
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<ContractPage | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setLoadError(null);
    api
      .contracts(offset, PAGE_SIZE)
      .then((p) => {
        if (live) setPage(p);
      })
      .catch((e) => {
        if (!live) return;
        if (isUnauthenticated(e)) {
          signInAgain(setMe);
          return;
        }
        setLoadError(errorMessage(e));
      });
    return () => {
      live = false;
    };
  }, [offset, setMe]);

  const first = page && page.total > 0 ? page.offset + 1 : 0;
  const last = page ? page.offset + page.items.length : 0;

  return (
    <>
      <PageHeader title={t('contracts.title')} lead={t('contracts.lead')} />
      {loadError && (
        <div className="notice notice--error" role="alert">
          {loadError}
        </div>
      )}
      {!page && !loadError && <Loading />}
      {page && page.total === 0 && <p className="card muted">{t('contracts.empty')}</p>}
      {page && page.total > 0 && (
        <section className="card">
          <div className="table-wrap">
            <table className="table" data-testid="contracts-table">
              <caption>
                {t('contracts.caption', {
                  first: formatNumber(first),
                  last: formatNumber(last),
                  total: formatNumber(page.total),
                })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('contracts.colTitle')}</th>
                  <th scope="col">{t('contracts.colBuyer')}</th>
                  <th scope="col">{t('contracts.colValue')}</th>
                  <th scope="col">{t('contracts.colEnd')}</th>
                  <th scope="col">{t('contracts.colFramework')}</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((c) => (
                  <tr key={c.ocid}>
                    <td>
                      {c.title || t('common.notStated')}
                      <div className="muted code">{c.ocid}</div>
                    </td>
                    <td>
                      {c.buyer || t('common.notStated')}
                      {c.country && <span className="muted"> ({c.country})</span>}
                    </td>
                    <td>{c.value_eur === null ? t('common.notStated') : formatEuro(Math.round(c.value_eur))}</td>
                    <td>{c.end_date ? formatDate(c.end_date) : t('common.notStated')}</td>
                    <td>{c.framework ? t('common.yes') : t('common.no')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <nav className="pager" aria-label={t('contracts.pager')}>
            <button
              type="button"
              className="button button--secondary"
              disabled={offset === 0}
              onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}
            >
              {t('contracts.previous')}
            </button>
            <button
              type="button"
              className="button button--secondary"
              disabled={last >= page.total}
              onClick={() => setOffset(offset + PAGE_SIZE)}
            >
              {t('contracts.next')}
            </button>
          </nav>
        </section>
      )}
    </>
  );
}
