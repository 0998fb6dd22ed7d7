// The secretariat's review of register identifiers claimed by organisations: a claim links
// the organisation to the register's data (pipeline entries, prices) only once approved.
import { useEffect, useRef, useState } from 'react';
import { api, ApiError, type IdentifierClaim } from '../api';
import { Notice } from '../components/forms';
import { Loading, PageHeader, useTitle } from '../components/page';
import { errorMessage } from '../errors';
import { t, useLanguage } from '../i18n';
import { Link } from '../router';
import { sessionEnded, useSession } from '../session';

function claimKey(c: IdentifierClaim): string {
  return `${c.organisation.id} ${c.scheme} ${c.id}`;
}

export function IdentifierClaimsPage() {
  useLanguage();
  useTitle(t('claims.title'));
  const { setMe, announce } = useSession();
  const [claims, setClaims] = useState<IdentifierClaim[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [actionDone, setActionDone] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    let live = true;
    api
      .identifierClaims()
      .then((c) => live && setClaims(c))
      .catch((e) => {
        if (!live || sessionEnded(e, setMe)) return;
        setLoadError(e instanceof ApiError && e.status === 403 ? t('claims.forbidden') : errorMessage(e));
      });
    return () => {
      live = false;
    };
  }, [setMe]);

  async function decide(claim: IdentifierClaim, decision: 'approve' | 'decline') {
    setActionError(null);
    setActionDone(null);
    try {
      await api.decideIdentifierClaim(decision, {
        organisation_id: claim.organisation.id,
        scheme: claim.scheme,
        id: claim.id,
      });
      // Approving drops the other organisations' claims of the same identifier.
      setClaims((list) =>
        (list ?? []).filter((c) =>
          decision === 'approve' ? !(c.scheme === claim.scheme && c.id === claim.id) : claimKey(c) !== claimKey(claim),
        ),
      );
      const params = { scheme: claim.scheme, id: claim.id, organisation: claim.organisation.name };
      const message = decision === 'approve' ? t('claims.approved', params) : t('claims.declined', params);
      setActionDone(message);
      announce(message);
      headingRef.current?.focus();
    } catch (e) {
      if (sessionEnded(e, setMe)) return;
      setActionError(errorMessage(e));
    }
  }

  return (
    <>
      <PageHeader title={t('claims.title')} lead={t('claims.lead')} />
      {loadError && <Notice kind="error">{loadError}</Notice>}
      {actionError && <Notice kind="error">{actionError}</Notice>}
      {actionDone && <Notice kind="success">{actionDone}</Notice>}
      {!claims && !loadError && <Loading />}
      {claims && (
        <section className="card" aria-labelledby="claims-list-title">
          <h2 id="claims-list-title" ref={headingRef} tabIndex={-1}>
            {t('claims.pending', { count: claims.length })}
          </h2>
          {claims.length === 0 ? (
            <p>{t('claims.none')}</p>
          ) : (
            <div className="table-wrap">
              <table className="table" data-testid="claims-table">
                <caption className="visually-hidden">{t('claims.caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('claims.col.organisation')}</th>
                    <th scope="col">{t('claims.col.identifier')}</th>
                    <th scope="col">{t('claims.col.register')}</th>
                    <th scope="col">{t('people.col.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {claims.map((c) => (
                    <tr key={claimKey(c)}>
                      <th scope="row">
                        <Link to={`/organisations/${c.organisation.id}`}>{c.organisation.name}</Link>
                      </th>
                      <td>
                        {c.scheme} {c.id}
                      </td>
                      <td>{c.register_name || t('claims.notInRegister')}</td>
                      <td className="cell-actions">
                        <button
                          type="button"
                          className="button button--primary button--small"
                          onClick={() => decide(c, 'approve')}
                        >
                          {t('claims.approve')}{' '}
                          <span className="visually-hidden">
                            {c.scheme} {c.id} – {c.organisation.name}
                          </span>
                        </button>{' '}
                        <button
                          type="button"
                          className="button button--secondary button--small"
                          onClick={() => decide(c, 'decline')}
                        >
                          {t('claims.decline')}{' '}
                          <span className="visually-hidden">
                            {c.scheme} {c.id} – {c.organisation.name}
                          </span>
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      )}
    </>
  );
}
