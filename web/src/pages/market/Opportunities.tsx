// Collaboration opportunities (docs/MARKET.md): CPV classes where several eligible buyers have
// needs (pipeline entries, contracts ending) in the same window. Everything is explained: the
// buyers, contracts, pipeline entries, suppliers, the score's parts and the suggested action.
// The secretariat, or an admin or buyer of one of the buyers, turns one into a working group.
import { useState, type FormEvent } from 'react';
import { ApiError, marketApi, opportunityQuery, type Opportunity, type OpportunityParams } from '../../api';
import { TimelineChart } from '../../components/marketCharts';
import { CheckboxField, ErrorSummary, Notice, SelectField, TextField, type SummaryItem } from '../../components/forms';
import { Loading, PageHeader, useTitle } from '../../components/page';
import { errorMessage } from '../../errors';
import { countryName, flagEmoji, formatDay, formatEuro, formatNumber, opportunityActionName, t, useLanguage } from '../../i18n';
import { Link } from '../../router';
import { sessionEnded, useSession } from '../../session';
import { useResource } from '../community/shared';
import { canPublish } from './Pipeline';
import { MarketProblem } from './shared';

const DEFAULTS: OpportunityParams = { cpv_digits: 4, min_buyers: 3, window_months: 12 };

const FIELD_IDS: Record<string, string> = {
  cpv_digits: 'opp-digits',
  min_buyers: 'opp-min-buyers',
  window_months: 'opp-window',
  as_of: 'opp-as-of',
};

/** The framework agreement's ocid and title, whether the API names it by ocid or sends the contract. */
export function frameworkOf(o: Opportunity): { ocid: string; title: string | null } | null {
  const f = o.action.framework;
  if (!f) return null;
  if (typeof f === 'string') return { ocid: f, title: o.contracts.find((c) => c.ocid === f)?.title ?? null };
  return f.ocid ? { ocid: f.ocid, title: f.title ?? o.contracts.find((c) => c.ocid === f.ocid)?.title ?? null } : null;
}

/** The score with one decimal at most: "71.5". */
function score(n: number): string {
  return formatNumber(n, { maximumFractionDigits: 1 });
}

export function OpportunitiesPage() {
  const lang = useLanguage();
  useTitle(t('opportunities.title'));
  const [digits, setDigits] = useState('4');
  const [minBuyers, setMinBuyers] = useState('3');
  const [windowMonths, setWindowMonths] = useState('12');
  const [asOf, setAsOf] = useState('');
  const [mine, setMine] = useState(false);
  const [params, setParams] = useState<OpportunityParams>(DEFAULTS);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [summary, setSummary] = useState<SummaryItem[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [round, setRound] = useState(0);
  const result = useResource(
    () =>
      marketApi.opportunities(params, lang).catch((e) => {
        // A parameter the server refuses is shown next to its field.
        if (e instanceof ApiError && e.errors.some((x) => FIELD_IDS[x.field])) {
          const found = Object.fromEntries(e.errors.filter((x) => FIELD_IDS[x.field]).map((x) => [FIELD_IDS[x.field], x.detail]));
          fail(found);
        }
        throw e;
      }),
    `${opportunityQuery(params)}|${lang}|${round}`,
  );

  function fail(next: Record<string, string>) {
    setErrors(next);
    setSummary(Object.entries(next).map(([fieldId, message]) => ({ fieldId, message })));
    setAttempt((a) => a + 1);
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    const next: Record<string, string> = {};
    const min = minBuyers.trim();
    const months = windowMonths.trim();
    if (!/^\d+$/.test(min) || Number(min) < 2) next['opp-min-buyers'] = t('opportunities.minBuyersInvalid');
    if (!/^\d+$/.test(months) || Number(months) < 1 || Number(months) > 60) next['opp-window'] = t('opportunities.windowInvalid');
    if (Object.keys(next).length) return fail(next);
    setErrors({});
    setSummary([]);
    setParams({
      cpv_digits: Number(digits),
      min_buyers: Number(min),
      window_months: Number(months),
      ...(asOf ? { as_of: asOf } : {}),
      ...(mine ? { mine: true } : {}),
    });
    setRound((r) => r + 1);
  }

  const forbidden = result.status === 403 && !!result.error;
  const data = result.error ? null : result.data;

  return (
    <>
      <PageHeader title={t('opportunities.title')} lead={t('opportunities.lead')} />
      {forbidden ? (
        <MarketProblem error={result.error!} status={403} />
      ) : (
        <>
          <section className="card" aria-labelledby="opp-params-title">
            <h2 id="opp-params-title">{t('opportunities.parameters')}</h2>
            <ErrorSummary items={summary} focusKey={attempt} />
            <form className="form" onSubmit={submit} noValidate>
              <div className="repeat-row">
                <SelectField
                  id="opp-digits"
                  label={t('opportunities.digits')}
                  hint={t('opportunities.digitsHint')}
                  value={digits}
                  onChange={setDigits}
                  error={errors['opp-digits']}
                >
                  {[2, 3, 4, 5, 6, 7, 8].map((n) => (
                    <option key={n} value={String(n)}>
                      {formatNumber(n)}
                    </option>
                  ))}
                </SelectField>
                <TextField
                  id="opp-min-buyers"
                  label={t('opportunities.minBuyers')}
                  hint={t('opportunities.minBuyersHint')}
                  inputMode="numeric"
                  value={minBuyers}
                  onChange={setMinBuyers}
                  error={errors['opp-min-buyers']}
                />
                <TextField
                  id="opp-window"
                  label={t('opportunities.window')}
                  hint={t('opportunities.windowHint')}
                  inputMode="numeric"
                  value={windowMonths}
                  onChange={setWindowMonths}
                  error={errors['opp-window']}
                />
                <TextField
                  id="opp-as-of"
                  type="date"
                  label={t('opportunities.asOf')}
                  hint={t('opportunities.asOfHint')}
                  optional
                  value={asOf}
                  onChange={setAsOf}
                  error={errors['opp-as-of']}
                />
              </div>
              <CheckboxField id="opp-mine" label={t('opportunities.mine')} checked={mine} onChange={setMine} />
              <div className="form__actions">
                <button type="submit" className="button button--primary">
                  {t('opportunities.find')}
                </button>
              </div>
            </form>
          </section>
          <section aria-labelledby="opp-results-title">
            <div className="card">
              <h2 id="opp-results-title">{t('opportunities.results')}</h2>
              {result.error && <MarketProblem error={result.error} status={result.status} />}
              {!result.data && !result.error && <Loading />}
              <p role="status" aria-live="polite" data-testid="opportunities-summary">
                {data
                  ? t(data.opportunities.length === 1 ? 'opportunities.summaryOne' : 'opportunities.summary', {
                      count: formatNumber(data.opportunities.length),
                      date: formatDay(data.as_of),
                      digits: formatNumber(data.parameters?.cpv_digits ?? params.cpv_digits ?? 4),
                      min: formatNumber(data.parameters?.min_buyers ?? params.min_buyers ?? 3),
                      months: formatNumber(data.parameters?.window_months ?? params.window_months ?? 12),
                    })
                  : ''}
              </p>
              {data && data.opportunities.length === 0 && <p>{t('opportunities.none')}</p>}
              {data && data.opportunities.length > 0 && (
                <TimelineChart
                  id="opportunity-timeline"
                  title={t('opportunities.timeline')}
                  rows={data.opportunities.map((o) => ({
                    key: o.key,
                    label: o.cpv_label || o.cpv,
                    from: o.timing.from,
                    to: o.timing.to,
                    spanDays: o.timing.span_days,
                  }))}
                />
              )}
            </div>
            {data?.opportunities.map((o) => <OpportunityCard key={o.key} opportunity={o} params={params} />)}
          </section>
        </>
      )}
    </>
  );
}

function OpportunityCard({ opportunity: o, params }: { opportunity: Opportunity; params: OpportunityParams }) {
  const { me, setMe, announce } = useSession();
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<number | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const id = `opp-${o.key}`;
  const buyerName = (bid: string | null) => o.buyers.find((b) => b.id === bid)?.name ?? bid ?? t('common.notStated');
  const supplierName = (s: string) => o.suppliers.find((x) => x.id === s || x.name === s)?.name ?? s;
  const framework = o.action.code === 'use_framework' ? frameworkOf(o) : null;
  const mineToo = !!me && (o.mine || o.buyers.some((b) => b.organisation_id === me.organisation.id));
  const mayPropose = me?.role === 'platform_admin' || (canPublish(me?.role) && mineToo);
  const parts: Array<[string, number, number]> = [
    [t('opportunities.part.buyers'), o.score_parts.buyers, 35],
    [t('opportunities.part.value'), o.score_parts.value, 25],
    [t('opportunities.part.timing'), o.score_parts.timing, 20],
    [t('opportunities.part.shared_suppliers'), o.score_parts.shared_suppliers, 10],
    [t('opportunities.part.pipeline'), o.score_parts.pipeline, 10],
  ];

  async function propose() {
    setBusy(true);
    setProblem(null);
    try {
      // The opportunity's key depends on the CPV digits, the window and the date: send them
      // again; "only mine" is a filter of the list, not part of the opportunity.
      const r = await marketApi.propose(o.key, { ...params, mine: undefined });
      setCreated(r.community_id);
      announce(t('opportunities.proposed'));
    } catch (e) {
      if (sessionEnded(e, setMe)) return;
      setProblem(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <article className="card opportunity" aria-labelledby={`${id}-title`} data-opportunity={o.key} data-testid="opportunity">
      <h3 id={`${id}-title`}>
        {o.cpv_label || o.cpv} <span className="code">{o.cpv}</span>
      </h3>
      {o.mine && (
        <p>
          <span className="badge badge--yes">{t('opportunities.mineBadge')}</span>
        </p>
      )}
      <dl className="facts facts--compact" data-testid="opportunity-facts">
        <div>
          <dt>{t('opportunities.score')}</dt>
          <dd>
            {t('opportunities.scoreValue', { score: score(o.score) })}
            <ul className="score-parts" aria-label={t('opportunities.scoreParts')}>
              {parts.map(([name, value, of]) => (
                <li key={name}>{t('opportunities.partValue', { name, value: score(value), of: formatNumber(of) })}</li>
              ))}
            </ul>
          </dd>
        </div>
        <div>
          <dt>{t('opportunities.combinedValue')}</dt>
          <dd>{formatEuro(Math.round(o.combined_value_eur ?? 0))}</dd>
        </div>
        <div>
          <dt>{t('opportunities.timing')}</dt>
          <dd>
            {t('opportunities.timingValue', {
              from: formatDay(o.timing.from),
              to: formatDay(o.timing.to),
              days: formatNumber(o.timing.span_days ?? 0),
            })}
          </dd>
        </div>
      </dl>

      <div className="opportunity__action" data-testid="opportunity-action">
        <h4>{t('opportunities.action')}</h4>
        <p>
          <strong>{opportunityActionName(o.action.code)}</strong>
        </p>
        {o.action.reason && <p>{o.action.reason}</p>}
        {framework && (
          <p>
            <Link to={`/contracts/${encodeURIComponent(framework.ocid)}`}>
              {framework.title ? t('opportunities.frameworkNamed', { title: framework.title }) : t('opportunities.framework')}
            </Link>
          </p>
        )}
      </div>

      <h4 id={`${id}-buyers`}>{t('opportunities.buyers', { count: formatNumber(o.buyers.length) })}</h4>
      <ul className="plain-list" aria-labelledby={`${id}-buyers`} data-testid="opportunity-buyers">
        {o.buyers.map((b) => (
          <li key={b.id}>
            {b.country && (
              <span className="flag" aria-hidden="true">
                {flagEmoji(b.country)}{' '}
              </span>
            )}
            {b.name}
            {b.country && <span className="muted"> · {countryName(b.country)}</span>}
            {me && b.organisation_id === me.organisation.id && <span className="muted"> {t('opportunities.yourOrganisation')}</span>}
          </li>
        ))}
      </ul>

      {o.contracts.length > 0 && (
        <>
          <h4 id={`${id}-contracts`}>{t('opportunities.contracts', { count: formatNumber(o.contracts.length) })}</h4>
          <ul className="plain-list" aria-labelledby={`${id}-contracts`} data-testid="opportunity-contracts">
            {o.contracts.map((c) => (
              <li key={c.ocid}>
                <Link to={`/contracts/${encodeURIComponent(c.ocid)}`}>{c.title || c.ocid}</Link>
                <span className="muted">
                  {' · '}
                  {buyerName(c.buyer_id)}
                  {c.end_date && ` · ${t('opportunities.ends', { date: formatDay(c.end_date) })}`}
                  {c.value_eur !== null && c.value_eur !== undefined && ` · ${formatEuro(Math.round(c.value_eur))}`}
                  {c.suppliers.length > 0 && ` · ${c.suppliers.map(supplierName).join(', ')}`}
                </span>
                {c.is_framework && (
                  <>
                    {' '}
                    <span className="badge badge--instrument">{t('opportunities.frameworkBadge')}</span>
                  </>
                )}
              </li>
            ))}
          </ul>
        </>
      )}

      {o.pipeline.length > 0 && (
        <>
          <h4 id={`${id}-pipeline`}>{t('opportunities.pipeline', { count: formatNumber(o.pipeline.length) })}</h4>
          <ul className="plain-list" aria-labelledby={`${id}-pipeline`} data-testid="opportunity-pipeline">
            {o.pipeline.map((p) => (
              <li key={p.id}>
                <Link to={`/pipeline/${p.id}`}>{p.title}</Link>
                <span className="muted">
                  {' · '}
                  {buyerName(p.buyer_id)}
                  {` · ${t('opportunities.plannedFor', { date: formatDay(p.planned_tender_date) })}`}
                  {p.value_eur !== null && p.value_eur !== undefined && ` · ${formatEuro(Math.round(p.value_eur))}`}
                </span>
                {p.open_to_collaboration && (
                  <>
                    {' '}
                    <span className="badge badge--yes">{t('pipeline.openBadge')}</span>
                  </>
                )}
              </li>
            ))}
          </ul>
        </>
      )}

      {o.suppliers.length > 0 && (
        <>
          <h4 id={`${id}-suppliers`}>{t('opportunities.suppliers', { count: formatNumber(o.suppliers.length) })}</h4>
          <ul className="plain-list" aria-labelledby={`${id}-suppliers`} data-testid="opportunity-suppliers">
            {o.suppliers.map((s) => (
              <li key={s.id}>
                {s.name}
                {s.shared && (
                  <>
                    {' '}
                    <span className="badge badge--shared">{t('opportunities.shared')}</span>
                  </>
                )}
                {s.buyers.length > 0 && (
                  <span className="muted"> · {t('opportunities.supplies', { buyers: s.buyers.map(buyerName).join(', ') })}</span>
                )}
              </li>
            ))}
          </ul>
        </>
      )}

      <div className="opportunity__propose">
        {problem && <Notice kind="error">{problem}</Notice>}
        {created !== null ? (
          <div className="notice notice--success" data-testid="proposal-created">
            <p className="notice__title">{t('opportunities.proposed')}</p>
            <p>
              <Link to={`/communities/${created}`}>{t('opportunities.openGroup')}</Link>
            </p>
          </div>
        ) : mayPropose ? (
          <button type="button" className="button button--primary" onClick={propose} disabled={busy}>
            {busy ? t('common.sending') : t('opportunities.propose')}
            <span className="visually-hidden">: {o.cpv_label || o.cpv}</span>
          </button>
        ) : (
          <p className="field__hint">{t('opportunities.proposeWho')}</p>
        )}
      </div>
    </article>
  );
}
