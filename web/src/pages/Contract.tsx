// One contracting process of the register: what it is, whether the person's organisation can
// probably use it (the eligibility panel), its history, lots, items, suppliers and documents.
import { useEffect, useState, type ReactNode } from 'react';
import { api, ApiError, marketApi, type ContractDetail, type ContractPrice, type EligibilityReason, type Money } from '../api';
import { Notice } from '../components/forms';
import { Loading, PageHeader, useTitle } from '../components/page';
import { errorMessage } from '../errors';
import {
  categoryName,
  countryName,
  formatDate,
  formatEuro,
  formatNumber,
  hasKey,
  locale,
  methodName,
  releaseTagName,
  sourceName,
  t,
  tenderStatusName,
  useLanguage,
} from '../i18n';
import { Link } from '../router';
import { sessionEnded, useSession } from '../session';
import { FlagBadge, paidText, withheldText } from './market/shared';
import { Flag } from './Search';

/** A reason code of the eligibility verdict in words, its params filled in; unknown codes pass through. */
export function reasonText(reason: EligibilityReason): string {
  const key = `elig.reason.${reason.code}`;
  if (!hasKey(key)) return reason.code;
  const params: Record<string, string> = { ...reason.params };
  // dates travel as YYYY-MM-DD: show them the local way
  if (params.end_date) params.end_date = formatDate(params.end_date);
  if (params.country && /^[A-Za-z]{2}$/.test(params.country)) params.country = countryName(params.country);
  return t(key, params);
}

const VERDICT_ICON: Record<string, string> = { likely_usable: '✓', not_usable: '✕', ask_lead_buyer: '?' };

function euro(value: number | null | undefined): string | null {
  return value === null || value === undefined ? null : formatEuro(Math.round(value));
}

function currencyText(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat(locale(), { style: 'currency', currency }).format(amount);
  } catch {
    return `${formatNumber(amount)} ${currency}`;
  }
}

/** An amount in euro; one published in another currency says so. Unit prices keep their cents. */
function moneyText(m: Money | null, cents = false): string | null {
  if (!m) return null;
  if (m.eur !== null && m.eur !== undefined) {
    const shown = formatEuro(cents ? Math.round(m.eur * 100) / 100 : Math.round(m.eur));
    if (m.currency && m.currency !== 'EUR') {
      return `${shown} (${t('contract.published', { amount: currencyText(m.amount, m.currency) })})`;
    }
    return shown;
  }
  return currencyText(m.amount, m.currency);
}

function periodText(p: { start: string | null; end: string | null } | null): string | null {
  if (!p || (!p.start && !p.end)) return null;
  if (p.start && p.end) return t('contract.period', { start: formatDate(p.start), end: formatDate(p.end) });
  if (p.start) return t('contract.from', { date: formatDate(p.start) });
  return t('contract.until', { date: formatDate(p.end!) });
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

export function ContractPage({ ocid }: { ocid: string }) {
  const lang = useLanguage();
  const { setMe } = useSession();
  const [contract, setContract] = useState<ContractDetail | null>(null);
  const [notFound, setNotFound] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useTitle(notFound ? t('contract.notFoundTitle') : contract?.title || t('contract.title'));

  useEffect(() => {
    const ctrl = new AbortController();
    setLoadError(null);
    setNotFound(false);
    api
      .contract(ocid, lang, ctrl.signal)
      .then((c) => setContract(c))
      .catch((e) => {
        if (ctrl.signal.aborted) return;
        if (sessionEnded(e, setMe)) return;
        if (e instanceof ApiError && e.status === 404) setNotFound(true);
        else setLoadError(errorMessage(e));
      });
    return () => ctrl.abort();
  }, [ocid, lang, attempt, setMe]);

  if (notFound) {
    return (
      <>
        <PageHeader title={t('contract.notFoundTitle')} lead={t('contract.notFoundLead', { ocid })} />
        <p>
          <Link to="/contracts">{t('contract.backToSearch')}</Link>
        </p>
      </>
    );
  }
  if (!contract) {
    return (
      <>
        <PageHeader title={t('contract.title')} />
        {loadError ? (
          <Notice kind="error">
            <p>{loadError}</p>
            <button type="button" className="button button--secondary" onClick={() => setAttempt((a) => a + 1)}>
              {t('search.retry')}
            </button>
          </Notice>
        ) : (
          <Loading />
        )}
        <p>
          <Link to="/contracts">{t('contract.backToSearch')}</Link>
        </p>
      </>
    );
  }

  const c = contract;
  const contact = c.buyer.contact;
  const hasContact = !!(contact && (contact.name || contact.email || contact.telephone || contact.url)) || !!c.buyer.address;

  return (
    <>
      <p className="breadcrumb">
        <Link to="/contracts">{t('contract.backToSearch')}</Link>
      </p>
      <PageHeader
        title={<span lang={c.language ?? undefined}>{c.title || c.ocid}</span>}
        lead={
          <>
            <Flag country={c.buyer.country} />
            {c.buyer.name}
            {c.buyer.country && <span className="muted"> · {countryName(c.buyer.country)}</span>}
          </>
        }
      />

      <section className="card" aria-labelledby="contract-summary-title">
        <h2 id="contract-summary-title">{t('contract.summary')}</h2>
        {c.description && (
          <p className="contract-description" lang={c.language ?? undefined}>
            {c.description}
          </p>
        )}
        <dl className="facts">
          <Fact label={t('contract.ocid')}>
            <span className="code">{c.ocid}</span>
          </Fact>
          <Fact label={t('contract.buyer')}>
            {c.buyer.name}
            {c.buyer.id && <span className="muted code"> {c.buyer.id}</span>}
            {c.buyer.region && <span className="muted"> · {c.buyer.region}</span>}
          </Fact>
          <Fact label={t('contract.procuringEntity')}>{c.procuring_entity}</Fact>
          <Fact label={t('contract.status')} testId="contract-status">
            {c.status ? tenderStatusName(c.status) : null}
          </Fact>
          <Fact label={t('contract.procedure')}>
            {c.procurement_method || c.procurement_method_details ? (
              <>
                {c.procurement_method ? methodName(c.procurement_method) : null}
                {c.procurement_method_details && (
                  <span className="muted" lang={c.language ?? undefined}>
                    {c.procurement_method ? ' · ' : ''}
                    {c.procurement_method_details}
                  </span>
                )}
              </>
            ) : null}
          </Fact>
          <Fact label={t('contract.category')}>{c.main_category ? categoryName(c.main_category) : null}</Fact>
          <Fact label={t('contract.mainCpv')}>
            {c.main_cpv ? (
              <>
                <span className="code">{c.main_cpv.code}</span> {c.main_cpv.label}
              </>
            ) : null}
          </Fact>
          <Fact label={t('contract.value')} testId="contract-value">
            {moneyText(c.value)}
          </Fact>
          <Fact label={t('contract.awarded')}>{euro(c.awarded_eur)}</Fact>
          <Fact label={t('contract.contracted')}>{euro(c.contracted_eur)}</Fact>
          <Fact label={t('contract.tenderPeriod')}>{periodText(c.tender_period)}</Fact>
          <Fact label={t('contract.awardDate')}>{c.award_date ? formatDate(c.award_date) : null}</Fact>
          <Fact label={t('contract.contractPeriod')}>{periodText(c.contract_period)}</Fact>
        </dl>
      </section>

      {c.eligibility && <EligibilityPanel contract={c} />}

      <section className="card" aria-labelledby="contract-timeline-title">
        <h2 id="contract-timeline-title">{t('contract.timeline')}</h2>
        <p className="muted">{t('contract.timelineLead')}</p>
        {c.timeline.length === 0 ? (
          <p>{t('contract.none')}</p>
        ) : (
          <ol className="timeline">
            {c.timeline.map((r, i) => (
              <li key={`${r.release_id}-${i}`} className="timeline__item">
                <p className="timeline__head">
                  <time dateTime={r.date}>{formatDate(r.date)}</time>
                  {r.tags.length > 0 && (
                    <>
                      {' · '}
                      <span className="visually-hidden">{t('contract.stages')}</span> {r.tags.map(releaseTagName).join(', ')}
                    </>
                  )}
                </p>
                <p className="timeline__changes">
                  {i === 0 && r.changes.length === 0 ? (
                    t('contract.firstRelease')
                  ) : r.changes.length > 0 ? (
                    <>
                      {t('contract.changes')}{' '}
                      {r.changes.map((f, j) => (
                        <span key={f}>
                          {j > 0 && ', '}
                          <code>{f}</code>
                        </span>
                      ))}
                    </>
                  ) : null}
                </p>
              </li>
            ))}
          </ol>
        )}
      </section>

      {c.lots.length > 0 && (
        <section className="card" aria-labelledby="contract-lots-title">
          <h2 id="contract-lots-title">{t('contract.lots')}</h2>
          <div className="table-wrap">
            <table className="table">
              <caption className="visually-hidden">{t('contract.lotsCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('contract.col.lot')}</th>
                  <th scope="col">{t('contract.col.title')}</th>
                  <th scope="col">{t('contract.col.status')}</th>
                  <th scope="col" className="num">
                    {t('contract.col.value')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {c.lots.map((l) => (
                  <tr key={l.id}>
                    <th scope="row">{l.id}</th>
                    <td lang={c.language ?? undefined}>{l.title || t('common.notStated')}</td>
                    <td>{l.status ? tenderStatusName(l.status) : t('common.notStated')}</td>
                    <td className="num">{euro(l.value_eur) ?? t('common.notStated')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}

      <section className="card" aria-labelledby="contract-items-title">
        <h2 id="contract-items-title">{t('contract.items')}</h2>
        {c.items.length === 0 ? (
          <p>{t('contract.none')}</p>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="contract-items">
              <caption>{t('contract.itemsCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('contract.col.item')}</th>
                  <th scope="col">{t('contract.col.cpv')}</th>
                  <th scope="col" className="num">
                    {t('contract.col.quantity')}
                  </th>
                  <th scope="col" className="num">
                    {t('contract.col.unitPrice')}
                  </th>
                  <th scope="col">{t('contract.col.source')}</th>
                </tr>
              </thead>
              <tbody>
                {c.items.map((it, i) => (
                  <tr key={i}>
                    <th scope="row" lang={c.language ?? undefined}>
                      {it.description || it.cpv_label || t('common.notStated')}
                    </th>
                    <td>
                      {it.cpv ? (
                        <>
                          <span className="code">{it.cpv}</span>
                          {it.cpv_label && <span className="muted"> {it.cpv_label}</span>}
                        </>
                      ) : (
                        t('common.notStated')
                      )}
                    </td>
                    <td className="num">
                      {it.quantity === null ? t('common.notStated') : formatNumber(it.quantity)}
                      {it.quantity !== null && it.unit && ` ${it.unit}`}
                    </td>
                    <td className="num">{moneyText(it.unit_price, true) ?? t('common.notStated')}</td>
                    <td>{sourceName(it.source)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <PriceBenchmarkPanel ocid={c.ocid} language={c.language} />

      <section className="card" aria-labelledby="contract-suppliers-title">
        <h2 id="contract-suppliers-title">{t('contract.suppliers')}</h2>
        {c.suppliers.length === 0 ? (
          <p>{t('contract.noSuppliers')}</p>
        ) : (
          <ul className="plain-list">
            {c.suppliers.map((s, i) => (
              <li key={`${s.id ?? s.name}-${i}`}>
                <Flag country={s.country} />
                {s.name}
                {s.country && <span className="muted"> · {countryName(s.country)}</span>}
                {s.id && <span className="muted code"> {s.id}</span>}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card" aria-labelledby="contract-documents-title">
        <h2 id="contract-documents-title">{t('contract.documents')}</h2>
        {c.documents.length === 0 ? (
          <p>{t('contract.noDocuments')}</p>
        ) : (
          <ul className="plain-list">
            {c.documents.map((d, i) => {
              const title = d.title || t('contract.document');
              const meta = [sourceName(d.source), d.type, d.format, d.date ? formatDate(d.date) : null]
                .filter(Boolean)
                .join(' · ');
              return (
                <li key={i}>
                  {d.url && /^https?:\/\//i.test(d.url) ? (
                    <a href={d.url} rel="noopener noreferrer" lang={c.language ?? undefined}>
                      {title}
                    </a>
                  ) : (
                    <span lang={c.language ?? undefined}>{title}</span>
                  )}
                  {meta && <span className="muted"> ({meta})</span>}
                </li>
              );
            })}
          </ul>
        )}
      </section>

      <section className="card" aria-labelledby="contract-contact-title">
        <h2 id="contract-contact-title">{t('contract.contact')}</h2>
        {!hasContact ? (
          <p>{t('contract.noContact')}</p>
        ) : (
          <dl className="facts facts--compact">
            <Fact label={t('contract.contactName')}>{contact?.name}</Fact>
            <Fact label={t('contract.email')}>
              {contact?.email ? <a href={`mailto:${contact.email}`}>{contact.email}</a> : null}
            </Fact>
            <Fact label={t('contract.telephone')}>
              {contact?.telephone ? <a href={`tel:${contact.telephone.replace(/[^+\d]/g, '')}`}>{contact.telephone}</a> : null}
            </Fact>
            <Fact label={t('contract.website')}>
              {contact?.url && /^https?:\/\//i.test(contact.url) ? (
                <a href={contact.url} rel="noopener noreferrer">
                  {contact.url}
                </a>
              ) : (
                contact?.url
              )}
            </Fact>
            <Fact label={t('contract.address')}>{c.buyer.address}</Fact>
          </dl>
        )}
      </section>
    </>
  );
}

/** An item of GET /contracts/{ocid}/prices that can be shown: a comparison, or a withheld one. */
function isPriced(it: ContractPrice): boolean {
  return it.withheld === true || (typeof it.price_eur === 'number' && typeof it.peer_median_eur === 'number' && typeof it.percentile === 'number');
}

/**
 * The price benchmark: each priced item's price per common unit against the other buyers'
 * (docs/MARKET.md). Hidden when no item has a price, and for those who may not see prices.
 */
function PriceBenchmarkPanel({ ocid, language }: { ocid: string; language: string | null }) {
  const { me } = useSession();
  const [items, setItems] = useState<ContractPrice[] | null>(null);
  const [minPeers, setMinPeers] = useState(5);
  const marketActor = me?.role === 'market_actor';

  useEffect(() => {
    if (marketActor) return;
    let live = true;
    setItems(null);
    marketApi
      .contractPrices(ocid)
      .then((r) => {
        if (!live) return;
        setMinPeers(r.min_peers);
        setItems(Array.isArray(r.items) ? r.items.filter(isPriced) : []);
      })
      .catch(() => {
        // no benchmark to show: the panel stays hidden
        if (live) setItems([]);
      });
    return () => {
      live = false;
    };
  }, [ocid, marketActor]);

  if (marketActor || !items || items.length === 0) return null;
  return (
    <section className="card" aria-labelledby="price-benchmark-title" data-testid="price-benchmark">
      <h2 id="price-benchmark-title">{t('contractPrices.title')}</h2>
      <p className="muted">{t('contractPrices.lead')}</p>
      <ul className="plain-list price-list">
        {items.map((it, i) => (
          <li key={i}>
            <strong lang={language ?? undefined}>{it.description || it.cpv || t('common.notStated')}</strong>
            {it.cpv && it.description && <span className="muted code"> {it.cpv}</span>}
            {': '}
            <span data-testid="price-comparison">
              {it.withheld
                ? withheldText(minPeers, it.peers)
                : paidText(it.price_eur as number, it.unit, it.peer_median_eur as number, it.percentile as number)}
            </span>
            {it.flag && !it.withheld && (
              <>
                {' '}
                <FlagBadge flag={it.flag} />
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function yesNo(v: boolean): string {
  return v ? t('common.yes') : t('common.no');
}

function EligibilityPanel({ contract }: { contract: ContractDetail }) {
  const e = contract.eligibility;
  return (
    <section className={`card eligibility eligibility--${e.verdict}`} aria-labelledby="eligibility-title" data-testid="eligibility">
      <h2 id="eligibility-title">{t('elig.title')}</h2>
      <p className="verdict" data-testid="verdict">
        <span className="verdict__icon" aria-hidden="true">
          {VERDICT_ICON[e.verdict] ?? ''}
        </span>
        <span className="visually-hidden">{t('elig.verdictLabel')}</span> <strong className="verdict__text">{hasKey(`elig.verdict.${e.verdict}`) ? t(`elig.verdict.${e.verdict}` as 'elig.verdict.not_usable') : e.verdict}</strong>
      </p>
      {e.reasons.length > 0 && (
        <>
          <h3 id="eligibility-reasons-title">{t('elig.reasons')}</h3>
          <ul className="eligibility__reasons" aria-labelledby="eligibility-reasons-title" data-testid="reasons">
            {e.reasons.map((r, i) => (
              <li key={`${r.code}-${i}`}>{reasonText(r)}</li>
            ))}
          </ul>
        </>
      )}
      <dl className="facts facts--compact">
        <Fact label={t('elig.framework')}>{yesNo(e.framework)}</Fact>
        <Fact label={t('elig.dps')}>{yesNo(e.dps)}</Fact>
        <Fact label={t('elig.cpb')}>{yesNo(e.cpb)}</Fact>
        <Fact label={t('elig.maxParticipants')}>
          {e.max_participants === null ? t('common.notStated') : formatNumber(e.max_participants)}
        </Fact>
        <Fact label={t('elig.endDate')}>{e.end_date ? formatDate(e.end_date) : t('common.notStated')}</Fact>
      </dl>
      <h3 id="eligibility-categories-title">{t('elig.categories')}</h3>
      {e.buyer_categories ? (
        <blockquote className="eligibility__categories" lang={contract.language ?? undefined} data-testid="buyer-categories">
          <p>{e.buyer_categories}</p>
        </blockquote>
      ) : (
        <p>{t('elig.reason.no_categories')}</p>
      )}
      <p className="eligibility__guidance">{t('elig.guidance')}</p>
    </section>
  );
}
