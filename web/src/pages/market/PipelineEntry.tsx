// One planned procurement of the pipeline: every field, who last changed its status and when;
// for its organisation's admins and buyers the status update; for other organisations'
// admins and buyers "Express interest" / "Withdraw interest"; for everyone "Watch".
import { useEffect, useState, type ReactNode } from 'react';
import { marketApi, PIPELINE_STATUSES, type PipelineEntry, type PipelineStatus } from '../../api';
import { Notice, TextAreaField } from '../../components/forms';
import { Loading, PageHeader, useTitle } from '../../components/page';
import { errorMessage } from '../../errors';
import {
  countryName,
  formatDate,
  formatDateTime,
  formatDay,
  formatNumber,
  pipelineSourceName,
  pipelineStatusName,
  t,
  useLanguage,
} from '../../i18n';
import { Link } from '../../router';
import { sessionEnded, useSession } from '../../session';
import { useResource } from '../community/shared';
import { canPublish } from './Pipeline';
import { CpvCode, estimatedValue, MarketProblem } from './shared';

/** "Status: Tendering — updated by Claire Martin on 20 November 2026". */
export function statusLine(e: Pick<PipelineEntry, 'status' | 'status_changed_at' | 'status_changed_by'>): string {
  const status = pipelineStatusName(e.status);
  if (e.status_changed_at && e.status_changed_by) {
    return t('entry.statusChanged', { status, name: e.status_changed_by.name, date: formatDate(e.status_changed_at) });
  }
  if (e.status_changed_at) return t('entry.statusSince', { status, date: formatDate(e.status_changed_at) });
  return t('entry.status', { status });
}

function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  if (children === null || children === undefined || children === '') return null;
  return (
    <div>
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </div>
  );
}

export function PipelineEntryPage({ id }: { id: number }) {
  useLanguage();
  const { me, setMe, announce } = useSession();
  const res = useResource(() => marketApi.entry(id), String(id));
  const e = res.data;
  useTitle(e ? e.title : res.status === 404 ? t('entry.notFoundTitle') : t('entry.title'));
  const [newStatus, setNewStatus] = useState<PipelineStatus | ''>('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    if (e) setNewStatus(e.status);
  }, [e?.status]); // eslint-disable-line react-hooks/exhaustive-deps

  const back = (
    <p className="breadcrumb">
      <Link to="/pipeline">{t('entry.back')}</Link>
    </p>
  );

  if (res.error && !e) {
    if (res.status === 404) {
      return (
        <>
          {back}
          <PageHeader title={t('entry.notFoundTitle')} lead={t('entry.notFoundLead')} />
        </>
      );
    }
    return (
      <>
        {back}
        <PageHeader title={t('entry.title')} />
        <MarketProblem error={res.error} status={res.status} />
      </>
    );
  }
  if (!e) return <Loading />;

  const ownOrganisation = e.organisation.id !== null && e.organisation.id === me?.organisation.id;
  const canInterest = canPublish(me?.role) && !ownOrganisation && !e.editable;

  async function act(run: () => Promise<PipelineEntry>, message: (updated: PipelineEntry) => string) {
    setBusy(true);
    setProblem(null);
    setDone(null);
    try {
      const updated = await run();
      res.setData(() => updated);
      const text = message(updated);
      setDone(text);
      announce(text);
    } catch (err) {
      if (sessionEnded(err, setMe)) return;
      setProblem(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      {back}
      <PageHeader
        title={e.title}
        lead={
          <>
            {e.organisation.name}
            {e.organisation.country && <span className="muted"> · {countryName(e.organisation.country)}</span>}
          </>
        }
      />
      <p className="status-line" data-testid="pipeline-status">
        {statusLine(e)}
      </p>
      {done && <Notice kind="success">{done}</Notice>}
      {problem && <Notice kind="error">{problem}</Notice>}

      <section className="card" aria-labelledby="entry-facts-title">
        <h2 id="entry-facts-title">{t('entry.about')}</h2>
        {e.description && <p className="prose">{e.description}</p>}
        <dl className="facts" data-testid="entry-facts">
          <Fact label={t('entry.organisation')}>{e.organisation.name}</Fact>
          <Fact label={t('entry.buyerId')}>{e.buyer?.id ? <span className="code">{e.buyer.id}</span> : null}</Fact>
          <Fact label={t('entry.source')}>
            {pipelineSourceName(e.source)}
            {e.ocid && (
              <>
                {' · '}
                <Link to={`/contracts/${encodeURIComponent(e.ocid)}`}>{e.ocid}</Link>
              </>
            )}
          </Fact>
          <Fact label={t('entry.cpv')}>
            <CpvCode code={e.cpv} label={e.cpv_label} />
          </Fact>
          <Fact label={t('entry.value')} testId="entry-value">
            {estimatedValue(e)}
          </Fact>
          <Fact label={t('entry.tenderDate')}>{formatDay(e.planned_tender_date)}</Fact>
          <Fact label={t('entry.contractStart')}>{e.contract_start ? formatDay(e.contract_start) : null}</Fact>
          <Fact label={t('entry.duration')}>
            {e.duration_months !== null && e.duration_months !== undefined ? t('entry.months', { count: formatNumber(e.duration_months) }) : null}
          </Fact>
          <Fact label={t('entry.region')}>{e.region ? <span className="code">{e.region}</span> : null}</Fact>
          <Fact label={t('entry.collaboration')} testId="entry-collaboration">
            {e.open_to_collaboration ? t('entry.collaborationYes') : t('entry.collaborationNo')}
          </Fact>
          <Fact label={t('entry.contact')}>
            {e.contact && (e.contact.name || e.contact.email) ? (
              <>
                {e.contact.name}
                {e.contact.name && e.contact.email && ' · '}
                {e.contact.email && <a href={`mailto:${e.contact.email}`}>{e.contact.email}</a>}
              </>
            ) : null}
          </Fact>
          <Fact label={t('entry.updated')}>{e.updated_at ? formatDateTime(e.updated_at) : null}</Fact>
        </dl>
      </section>

      {e.editable && (
        <section className="card" aria-labelledby="entry-status-title">
          <h2 id="entry-status-title">{t('entry.updateStatus')}</h2>
          <p>{t('entry.updateStatusLead')}</p>
          <div className="inline-control">
            <label className="field__label" htmlFor="entry-new-status">
              {t('entry.newStatus')}
            </label>{' '}
            <select
              id="entry-new-status"
              className="select select--compact"
              value={newStatus}
              onChange={(ev) => setNewStatus(ev.target.value as PipelineStatus)}
            >
              {PIPELINE_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {pipelineStatusName(s)}
                </option>
              ))}
            </select>{' '}
            <button
              type="button"
              className="button button--primary button--small"
              disabled={busy || !newStatus || newStatus === e.status}
              onClick={() =>
                act(
                  () => marketApi.update(e.id, { status: newStatus as PipelineStatus }),
                  (u) => t('entry.statusSaved', { status: pipelineStatusName(u.status) }),
                )
              }
            >
              {t('entry.updateStatusSubmit')}
            </button>
          </div>
        </section>
      )}

      <section className="card" aria-labelledby="entry-together-title">
        <h2 id="entry-together-title">{t('entry.together')}</h2>
        <p data-testid="entry-watchers">
          {e.watchers === 1 ? t('entry.watchersOne') : t('entry.watchers', { count: formatNumber(e.watchers) })}
          {e.watching ? ` ${t('entry.youWatch')}` : ''}
        </p>
        <p>
          <button
            type="button"
            className="button button--secondary"
            disabled={busy}
            onClick={() =>
              e.watching
                ? act(() => marketApi.unwatch(e.id), () => t('entry.unwatched'))
                : act(() => marketApi.watch(e.id), () => t('entry.watched'))
            }
          >
            {e.watching ? t('entry.unwatch') : t('entry.watch')}
          </button>
        </p>
        <p className="field__hint">{t('entry.watchHint')}</p>

        {canInterest &&
          (e.interested ? (
            <div className="interest">
              <p>{t('entry.youAreInterested', { name: me?.organisation.name ?? '' })}</p>
              <button
                type="button"
                className="button button--secondary"
                disabled={busy}
                onClick={() => act(() => marketApi.withdrawInterest(e.id), () => t('entry.interestWithdrawn'))}
              >
                {t('entry.withdrawInterest')}
              </button>
            </div>
          ) : (
            <div className="interest">
              <TextAreaField
                id="entry-interest-note"
                label={t('entry.interestNote')}
                hint={t('entry.interestNoteHint')}
                optional
                rows={3}
                value={note}
                onChange={setNote}
                maxLength={2000}
              />
              <button
                type="button"
                className="button button--primary"
                disabled={busy}
                onClick={() =>
                  act(
                    () => marketApi.expressInterest(e.id, note.trim()),
                    () => {
                      setNote('');
                      return t('entry.interestRecorded');
                    },
                  )
                }
              >
                {t('entry.expressInterest')}
              </button>
            </div>
          ))}
        {ownOrganisation && <p>{t('entry.ownEntry')}</p>}

        <h3 id="entry-interests-title">{t('entry.interested')}</h3>
        {e.interests.length === 0 ? (
          <p>{t('entry.noInterest')}</p>
        ) : (
          <ul className="plain-list interest-list" aria-labelledby="entry-interests-title" data-testid="interests">
            {e.interests.map((i, n) => (
              <li key={`${i.organisation.id ?? i.organisation.name}-${n}`}>
                <strong>{i.organisation.name}</strong>
                {i.user && <span className="muted"> · {i.user.name}</span>}
                {i.at && (
                  <span className="muted">
                    {' · '}
                    <time dateTime={i.at}>{formatDate(i.at)}</time>
                  </span>
                )}
                {i.note && <p className="prose">{i.note}</p>}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
