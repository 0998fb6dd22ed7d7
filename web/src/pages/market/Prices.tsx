// Prices and markets (docs/MARKET.md): unit-price benchmarks per CPV code and common unit (a
// table and one distribution chart per benchmark), supplier concentration (HHI) per CPV class
// and country, consolidation opportunities, and for people of a public buyer their own prices
// compared with their peers' and the early warnings read from their own processes.
import { useState, type FormEvent } from 'react';
import {
  api,
  marketApi,
  type Benchmark,
  type ConsolidationOpportunity,
  type EarlyWarning,
  type MarketConcentration,
  type OrganisationPrices,
} from '../../api';
import { CpvPicker } from '../../components/CpvPicker';
import { HhiChart, PriceChart } from '../../components/marketCharts';
import { Notice, TextField } from '../../components/forms';
import { Loading, PageHeader, useTitle } from '../../components/page';
import {
  concentrationLevelName,
  countryName,
  formatEuro,
  formatNumber,
  formatPrice,
  methodName,
  t,
  unitName,
  useLanguage,
  warningCodeName,
} from '../../i18n';
import { Link, navigate, queryParam } from '../../router';
import { isMarketOrganisation, useSession } from '../../session';
import { useResource, type Resource } from '../community/shared';
import { CpvCode, cpvDigitsOf, FlagBadge, MarketProblem, MarketSection, withheldText, youPaidText } from './shared';

const CPV_PREFIX = /^\d{1,8}$/;
const MANY = 25;

/** A supplier's share of a market, "45 %" in the current language (the API sends 0–1). */
function share(value: number): string {
  const fraction = value > 1 ? value / 100 : value;
  return formatNumber(fraction, { style: 'percent', maximumFractionDigits: 1 });
}

function benchmarkTitle(b: Benchmark): string {
  return t('prices.chartTitle', { cpv: b.cpv, label: b.cpv_label ?? '', unit: unitName(b.unit, b.unit_name) });
}

/** A labelled text box for the first digits of a CPV code, its error tied to it. */
function CpvDigitsField(props: { id: string; value: string; onChange: (v: string) => void; error?: string; label: string; hint: string; required?: boolean }) {
  const { required, ...field } = props;
  return <TextField {...field} inputMode="numeric" aria-required={required ? true : undefined} />;
}

/**
 * The first digits of a CPV code typed into field `id` and applied on submit: an empty box
 * applies "all" unless `required`; anything but digits is refused there, the box focused.
 */
function useCpvFilter(id: string, initial: string, onApply: (digits: string) => void, required = false) {
  const [typed, setTyped] = useState(initial);
  const [error, setError] = useState<string | undefined>();
  function apply(value: string) {
    const d = value.trim();
    if ((d || required) && !CPV_PREFIX.test(d)) {
      setError(t('prices.cpvInvalid'));
      document.getElementById(id)?.focus();
      return;
    }
    setError(undefined);
    setTyped(d);
    onApply(d);
  }
  function submit(e: FormEvent) {
    e.preventDefault();
    apply(typed);
  }
  return { typed, setTyped, error, apply, submit };
}

/** The first MANY of a long list, with a button that shows them all and back. */
function useShowAll<T>(items: T[] | null | undefined) {
  const [all, setAll] = useState(false);
  const rows = items ? (all ? items : items.slice(0, MANY)) : [];
  const toggle =
    items && items.length > MANY ? (
      <p>
        <button type="button" className="button button--secondary" onClick={() => setAll((a) => !a)} aria-expanded={all}>
          {all ? t('market.showFewer', { count: formatNumber(MANY) }) : t('market.showAll', { count: formatNumber(items.length) })}
        </button>
      </p>
    ) : null;
  return { rows, toggle, reset: () => setAll(false) };
}

/** The form's submit button: "Show". */
function ShowButton() {
  return (
    <div className="form__actions">
      <button type="submit" className="button button--primary">
        {t('market.show')}
      </button>
    </div>
  );
}

/** What a market list's request came to: its problem, "loading", or its count said politely. */
function ListStatus<T>({ resource, testId, count }: { resource: Resource<T[]>; testId: string; count: (n: number) => string }) {
  const items = resource.error ? null : resource.data;
  return (
    <>
      {resource.error && <MarketProblem error={resource.error} status={resource.status} />}
      {!resource.data && !resource.error && <Loading />}
      <p role="status" aria-live="polite" data-testid={testId}>
        {items ? count(items.length) : ''}
      </p>
    </>
  );
}

export function PricesPage() {
  const lang = useLanguage();
  useTitle(t('prices.title'));
  const { me } = useSession();
  const [market, setMarket] = useState({ cpv: '', country: '' });
  const concentration = useResource(() => marketApi.concentration(market.cpv, market.country), `${market.cpv}|${market.country}`);
  const [consolidationCpv, setConsolidationCpv] = useState('');
  const consolidation = useResource(() => marketApi.consolidation(consolidationCpv), consolidationCpv);
  const countries = useResource(() => api.countries(lang), lang);

  const forbidden = (concentration.status === 403 && !!concentration.error) || (consolidation.status === 403 && !!consolidation.error);
  const ownBuyer =
    !!me &&
    (me.role === 'org_admin' || me.role === 'buyer' || me.role === 'observer') &&
    !isMarketOrganisation(me.organisation) &&
    me.organisation.type !== 'other';

  return (
    <>
      <PageHeader title={t('prices.title')} lead={t('prices.lead')} />
      {forbidden ? (
        <MarketProblem error={(concentration.error ?? consolidation.error)!} status={403} />
      ) : (
        <>
          <BenchmarksSection />
          <ConcentrationSection
            resource={concentration}
            countries={countries.data ?? []}
            applied={market}
            onApply={(cpv, country) => setMarket({ cpv, country })}
          />
          <ConsolidationSection resource={consolidation} applied={consolidationCpv} onApply={setConsolidationCpv} />
          {ownBuyer && me && <MyOrganisationSection organisationId={me.organisation.id} name={me.organisation.name} />}
        </>
      )}
    </>
  );
}

function BenchmarksSection() {
  const [cpv, setCpv] = useState(() => {
    const q = queryParam('cpv') ?? '';
    return CPV_PREFIX.test(q) ? q : '';
  });
  const prices = useResource(() => (cpv ? marketApi.prices(cpv) : Promise.resolve(null)), cpv);
  const filter = useCpvFilter(
    'prices-cpv',
    cpv,
    (d) => {
      setCpv(d);
      navigate(`/prices?cpv=${d}`, { replace: true, quiet: true, keepScroll: true });
    },
    true,
  );

  const data = prices.error ? null : prices.data;
  const shown = data?.benchmarks ?? [];
  const figures = shown.filter((b) => !b.withheld);

  return (
    <MarketSection id="benchmarks" title={t('prices.benchmarks')}>
      <p>{t('prices.benchmarksLead')}</p>
      <form className="form" onSubmit={filter.submit} noValidate aria-label={t('prices.benchmarks')}>
        <CpvDigitsField
          id="prices-cpv"
          label={t('prices.cpv')}
          hint={t('prices.cpvHint')}
          value={filter.typed}
          onChange={filter.setTyped}
          error={filter.error}
          required
        />
        <CpvPicker label={t('prices.cpvFind')} hint={t('prices.cpvFindHint')} onPick={(m) => filter.apply(cpvDigitsOf(m.code))} />
        <div className="form__actions">
          <button type="submit" className="button button--primary">
            {t('prices.show')}
          </button>
        </div>
      </form>
      {prices.error && <MarketProblem error={prices.error} status={prices.status} />}
      {cpv && !prices.data && !prices.error && <Loading />}
      <p role="status" aria-live="polite" data-testid="benchmarks-summary">
        {data && cpv
          ? shown.length === 1
            ? t('prices.countOne', { cpv })
            : t('prices.count', { count: formatNumber(shown.length), cpv })
          : ''}
      </p>
      {data && shown.length > 0 && (
        <>
          <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="benchmarks-caption">
            <table className="table" data-testid="benchmarks">
              <caption id="benchmarks-caption">{t('prices.tableCaption', { min: data.min_peers })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('prices.col.cpv')}</th>
                  <th scope="col">{t('prices.col.unit')}</th>
                  <th scope="col" className="num">
                    {t('prices.col.prices')}
                  </th>
                  <th scope="col" className="num">
                    {t('prices.col.buyers')}
                  </th>
                  <th scope="col" className="num">
                    {t('prices.col.q1')}
                  </th>
                  <th scope="col" className="num">
                    {t('prices.col.median')}
                  </th>
                  <th scope="col" className="num">
                    {t('prices.col.q3')}
                  </th>
                  <th scope="col" className="num">
                    {t('prices.col.min')}
                  </th>
                  <th scope="col" className="num">
                    {t('prices.col.max')}
                  </th>
                  <th scope="col" className="num">
                    {t('prices.col.outliers')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {shown.map((b) => (
                  <tr key={`${b.cpv}-${b.unit}`} data-withheld={b.withheld ? 'true' : undefined}>
                    <th scope="row">
                      <CpvCode code={b.cpv} label={b.cpv_label} />
                    </th>
                    <td>{unitName(b.unit, b.unit_name)}</td>
                    {b.withheld ? (
                      <td colSpan={8} className="withheld">
                        {withheldText(data.min_peers, b.buyers)}
                      </td>
                    ) : (
                      <>
                        <td className="num">{formatNumber(b.count ?? 0)}</td>
                        <td className="num">{formatNumber(b.buyers)}</td>
                        <td className="num">{formatPrice(b.q1_eur ?? 0)}</td>
                        <td className="num">{formatPrice(b.median_eur ?? 0)}</td>
                        <td className="num">{formatPrice(b.q3_eur ?? 0)}</td>
                        <td className="num">{formatPrice(b.min_eur ?? 0)}</td>
                        <td className="num">{formatPrice(b.max_eur ?? 0)}</td>
                        <td className="num">{formatNumber(b.outliers ?? 0)}</td>
                      </>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {figures.length > 0 && (
            <>
              <h3>{t('prices.distributions')}</h3>
              <p className="field__hint">{t('prices.distributionsHint')}</p>
              {figures.map((b, i) => (
                <PriceChart key={`${b.cpv}-${b.unit}`} id={`price-chart-${i}`} title={benchmarkTitle(b)} benchmark={b} />
              ))}
            </>
          )}
        </>
      )}
      {data && cpv && shown.length === 0 && <p>{t('prices.none', { cpv })}</p>}
    </MarketSection>
  );
}

function ConcentrationSection({
  resource,
  countries,
  applied,
  onApply,
}: {
  resource: Resource<MarketConcentration[]>;
  countries: Array<{ code: string; name: string }>;
  applied: { cpv: string; country: string };
  onApply: (cpv: string, country: string) => void;
}) {
  const [country, setCountry] = useState(applied.country);
  const markets = resource.error ? null : resource.data;
  const list = useShowAll(markets);
  const filter = useCpvFilter('market-cpv', applied.cpv, (d) => {
    list.reset();
    onApply(d, country);
  });
  const sortedCountries = [...countries].sort((a, b) => a.name.localeCompare(b.name));

  return (
    <MarketSection id="concentration" title={t('market.concentration')} testId="concentration">
      <p>{t('market.concentrationLead')}</p>
      <form className="form filters-grid" onSubmit={filter.submit} noValidate aria-label={t('market.concentration')}>
        <CpvDigitsField id="market-cpv" label={t('prices.cpv')} hint={t('market.cpvHint')} value={filter.typed} onChange={filter.setTyped} error={filter.error} />
        <div className="field">
          <label className="field__label" htmlFor="market-country">
            {t('market.country')}
          </label>
          <select id="market-country" className="select" value={country} onChange={(e) => setCountry(e.target.value)}>
            <option value="">{t('market.allCountries')}</option>
            {sortedCountries.map((c) => (
              <option key={c.code} value={c.code}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <ShowButton />
      </form>
      <ListStatus
        resource={resource}
        testId="concentration-summary"
        count={(n) => (n === 1 ? t('market.countOne') : t('market.count', { count: formatNumber(n) }))}
      />
      {markets && markets.length === 0 && <p>{t('market.none')}</p>}
      {markets && markets.length > 0 && (
        <>
          <HhiChart id="hhi-chart" title={t('market.chartTitle', { count: formatNumber(Math.min(10, markets.length)) })} markets={markets.slice(0, 10)} />
          <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="concentration-caption">
            <table className="table" data-testid="concentration-table">
              <caption id="concentration-caption">{t('market.tableCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('market.col.market')}</th>
                  <th scope="col">{t('market.col.country')}</th>
                  <th scope="col" className="num">
                    {t('market.col.contracts')}
                  </th>
                  <th scope="col" className="num">
                    {t('market.col.total')}
                  </th>
                  <th scope="col" className="num">
                    {t('market.col.suppliers')}
                  </th>
                  <th scope="col" className="num">
                    {t('market.col.hhi')}
                  </th>
                  <th scope="col">{t('market.col.level')}</th>
                  <th scope="col">{t('market.col.top')}</th>
                </tr>
              </thead>
              <tbody>
                {list.rows.map((m) => (
                  <tr key={`${m.cpv_class}-${m.country ?? ''}`}>
                    <th scope="row">
                      <CpvCode code={m.cpv_class} label={m.cpv_label} />
                    </th>
                    <td>{m.country ? countryName(m.country) : t('common.notStated')}</td>
                    <td className="num">{formatNumber(m.contracts)}</td>
                    <td className="num">{formatEuro(Math.round(m.total_eur))}</td>
                    <td className="num">{formatNumber(m.suppliers)}</td>
                    <td className="num">{formatNumber(Math.round(m.hhi))}</td>
                    <td>
                      <span className={`badge badge--level-${m.level}`}>{concentrationLevelName(m.level)}</span>
                    </td>
                    <td>
                      {m.top.length === 0 ? (
                        t('common.notStated')
                      ) : (
                        <ul className="plain-list">
                          {m.top.map((s) => (
                            <li key={s.id}>{t('market.topShare', { name: s.name, share: share(s.share) })}</li>
                          ))}
                        </ul>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {list.toggle}
          <p className="field__hint">{t('market.hhiHint')}</p>
        </>
      )}
    </MarketSection>
  );
}

function ConsolidationSection({
  resource,
  applied,
  onApply,
}: {
  resource: Resource<ConsolidationOpportunity[]>;
  applied: string;
  onApply: (cpv: string) => void;
}) {
  const items = resource.error ? null : resource.data;
  const list = useShowAll(items);
  const filter = useCpvFilter('consolidation-cpv', applied, (d) => {
    list.reset();
    onApply(d);
  });

  return (
    <MarketSection id="consolidation" title={t('market.consolidation')} testId="consolidation">
      <p>{t('market.consolidationLead')}</p>
      <form className="form filters-grid" onSubmit={filter.submit} noValidate aria-label={t('market.consolidation')}>
        <CpvDigitsField
          id="consolidation-cpv"
          label={t('prices.cpv')}
          hint={t('market.cpvHint')}
          value={filter.typed}
          onChange={filter.setTyped}
          error={filter.error}
        />
        <ShowButton />
      </form>
      <ListStatus
        resource={resource}
        testId="consolidation-summary"
        count={(n) => (n === 1 ? t('market.consolidationCountOne') : t('market.consolidationCount', { count: formatNumber(n) }))}
      />
      {items && items.length === 0 && <p>{t('market.consolidationNone')}</p>}
      {items && items.length > 0 && (
        <>
          <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="consolidation-caption">
            <table className="table" data-testid="consolidation-table">
              <caption id="consolidation-caption">{t('market.consolidationCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('market.col.supplier')}</th>
                  <th scope="col">{t('market.col.market')}</th>
                  <th scope="col">{t('market.col.buyers')}</th>
                  <th scope="col" className="num">
                    {t('market.col.contracts')}
                  </th>
                  <th scope="col" className="num">
                    {t('market.col.total')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.rows.map((o) => (
                  <tr key={`${o.supplier.id}-${o.cpv_class}`}>
                    <th scope="row">{o.supplier.name}</th>
                    <td>
                      <CpvCode code={o.cpv_class} label={o.cpv_label} />
                    </td>
                    <td>
                      {o.buyers
                        .map((b) => (b.country ? t('market.buyerIn', { name: b.name, country: countryName(b.country) }) : b.name))
                        .join('; ')}
                    </td>
                    <td className="num">{formatNumber(o.contracts)}</td>
                    <td className="num">{formatEuro(Math.round(o.total_eur))}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {list.toggle}
        </>
      )}
    </MarketSection>
  );
}

function MyOrganisationSection({ organisationId, name }: { organisationId: number; name: string }) {
  const lang = useLanguage();
  const prices = useResource<OrganisationPrices>(() => marketApi.organisationPrices(organisationId), String(organisationId));
  const warnings = useResource<EarlyWarning[]>(() => marketApi.warnings(organisationId, lang), `${organisationId}|${lang}`);
  const minPeers = prices.data?.min_peers ?? 5;

  return (
    <MarketSection id="my-organisation" title={t('mine.title', { name })} testId="my-organisation">
      <h3 id="my-prices-title">{t('mine.prices')}</h3>
      <p>{t('mine.pricesLead')}</p>
      {prices.error && <Notice kind="error">{prices.error}</Notice>}
      {!prices.data && !prices.error && <Loading />}
      {prices.data && prices.data.items.length === 0 && <p>{t('mine.noPrices')}</p>}
      {prices.data && prices.data.items.length > 0 && (
        <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="my-prices-caption">
          <table className="table" data-testid="my-prices">
            <caption id="my-prices-caption" className="visually-hidden">
              {t('mine.pricesCaption')}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('prices.col.cpv')}</th>
                <th scope="col">{t('prices.col.unit')}</th>
                <th scope="col">{t('mine.col.comparison')}</th>
                <th scope="col">{t('mine.col.flag')}</th>
              </tr>
            </thead>
            <tbody>
              {prices.data.items.map((p) => (
                <tr key={`${p.cpv}-${p.unit}`}>
                  <th scope="row">
                    <CpvCode code={p.cpv} label={p.cpv_label} />
                  </th>
                  <td>{unitName(p.unit)}</td>
                  <td>
                    {p.withheld || p.you_paid_eur === null || p.peer_median_eur === null || p.percentile === null
                      ? withheldText(minPeers, p.peers)
                      : youPaidText(p.you_paid_eur, p.unit, p.peer_median_eur, p.percentile)}
                  </td>
                  <td>{p.flag ? <FlagBadge flag={p.flag} /> : '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h3 id="my-warnings-title">{t('mine.warnings')}</h3>
      <p>{t('mine.warningsLead')}</p>
      {warnings.error && <Notice kind="error">{warnings.error}</Notice>}
      {!warnings.data && !warnings.error && <Loading />}
      {warnings.data && warnings.data.length === 0 && <p>{t('mine.noWarnings')}</p>}
      {warnings.data && warnings.data.length > 0 && (
        <ul className="plain-list warning-list" aria-labelledby="my-warnings-title" data-testid="warnings">
          {warnings.data.map((w, i) => (
            <li key={`${w.code}-${w.procedure}-${i}`} className="notice notice--info">
              <p className="notice__title">
                {warningCodeName(w.code)}
                {w.procedure && <span className="muted"> · {methodName(w.procedure)}</span>}
              </p>
              <p className="prose">{w.advice}</p>
              <p className="muted">
                {t('mine.warningFacts', { count: formatNumber(w.count), of: formatNumber(w.of) })}
                {w.code === 'short_submission' && w.threshold_days ? ` ${t('mine.threshold', { days: formatNumber(w.threshold_days) })}` : ''}
              </p>
              {w.ocids.length > 0 && (
                <ul className="inline-list" aria-label={t('mine.processes', { name: warningCodeName(w.code) })}>
                  {w.ocids.slice(0, 5).map((o) => (
                    <li key={o}>
                      <Link to={`/contracts/${encodeURIComponent(o)}`}>{o}</Link>
                    </li>
                  ))}
                  {w.ocids.length > 5 && <li>{t('mine.moreProcesses', { count: formatNumber(w.ocids.length - 5) })}</li>}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
    </MarketSection>
  );
}
