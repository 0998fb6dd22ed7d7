// The secretariat's view of who has been invited, who has started and who has submitted, and
// the button that invites every eligible organisation.
import { useState } from 'react';
import { assessmentApi, type Assessment } from '../../api';
import { Notice } from '../../components/forms';
import { Loading } from '../../components/page';
import { errorMessage } from '../../errors';
import { countryName, flagEmoji, formatDateTime, formatNumber, responseStatusName, t } from '../../i18n';
import { sessionEnded, useSession } from '../../session';
import { useResource } from '../community/shared';

export function ProgressPanel({ assessment: a, onChange }: { assessment: Assessment; onChange: () => void }) {
  const { setMe, announce } = useSession();
  const progress = useResource(() => assessmentApi.progress(a.id), String(a.id));
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const items = progress.data ?? [];
  // The counts: the assessment's own, or the table's when that is newer.
  const count = (s: string) => items.filter((i) => i.status === s).length;
  const invited = progress.data ? items.length : (a.invited ?? 0);
  const started = progress.data ? count('started') : (a.started ?? 0);
  const submitted = progress.data ? count('submitted') : (a.submitted ?? 0);

  async function inviteAll() {
    setBusy(true);
    setProblem(null);
    setDone(null);
    try {
      const r = await assessmentApi.invite(a.id, { all_eligible: true });
      const message = t('progress.invitedDone', { count: formatNumber(r.invited ?? 0) });
      setDone(message);
      announce(message);
      progress.reload();
      onChange();
    } catch (e) {
      if (sessionEnded(e, setMe)) return;
      setProblem(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <h2 id="panel-title" tabIndex={-1}>
        {t('assessment.tab.progress')}
      </h2>
      <section className="card" aria-labelledby="progress-counts-title">
        <h3 id="progress-counts-title">{t('progress.counts')}</h3>
        <dl className="tiles" data-testid="progress-counts">
          <div className="tile" data-figure="invited">
            <dt className="tile__label">{t('progress.invited')}</dt>
            <dd className="tile__value">{formatNumber(invited)}</dd>
          </div>
          <div className="tile" data-figure="started">
            <dt className="tile__label">{t('progress.started')}</dt>
            <dd className="tile__value">{formatNumber(started)}</dd>
          </div>
          <div className="tile" data-figure="submitted">
            <dt className="tile__label">{t('progress.submitted')}</dt>
            <dd className="tile__value">{formatNumber(submitted)}</dd>
          </div>
        </dl>
        <p>{t('progress.inviteLead')}</p>
        {problem && <Notice kind="error">{problem}</Notice>}
        {done && <Notice kind="success">{done}</Notice>}
        <button type="button" className="button button--primary" onClick={inviteAll} disabled={busy || a.status === 'closed'}>
          {busy ? t('common.sending') : t('progress.inviteAll')}
        </button>
      </section>
      <section className="card" aria-labelledby="progress-table-title">
        <h3 id="progress-table-title">{t('progress.organisations')}</h3>
        {progress.error && <Notice kind="error">{progress.error}</Notice>}
        {!progress.data && !progress.error && <Loading />}
        {progress.data && items.length === 0 && <p>{t('progress.noneInvited')}</p>}
        {items.length > 0 && (
          <div className="table-wrap">
            <table className="table" data-testid="progress">
              <caption className="visually-hidden">{t('progress.organisations')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('progress.col.organisation')}</th>
                  <th scope="col">{t('progress.col.country')}</th>
                  <th scope="col">{t('progress.col.status')}</th>
                  <th scope="col">{t('progress.col.updated')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((i) => (
                  <tr key={i.organisation.id}>
                    <th scope="row">{i.organisation.name}</th>
                    <td>
                      <span aria-hidden="true">{flagEmoji(i.organisation.country)} </span>
                      {countryName(i.organisation.country)}
                    </td>
                    <td>{responseStatusName(i.status)}</td>
                    <td>{i.updated_at ? formatDateTime(i.updated_at) : '–'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
