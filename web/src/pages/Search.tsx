// The contract register's search: the query and every filter live in the URL's query string,
// so a search can be linked to, saved, and walked with back and forward.
import { useEffect, useRef, useState, type FormEvent, type MouseEvent } from 'react';
import {
  api,
  ApiError,
  parseSearchParams,
  savedParams,
  SEARCH_KEYS,
  searchQuery,
  type FacetName,
  type FacetValue,
  type SearchHit,
  type SearchParams,
  type SearchResult,
  type SnippetSegment,
} from '../api';
import { Notice, SelectField, TextField } from '../components/forms';
import { PageHeader, useTitle } from '../components/page';
import { errorMessage } from '../errors';
import {
  amountForInput,
  buyerTypeName,
  countryName,
  flagEmoji,
  formatDate,
  formatEuro,
  formatNumber,
  instrumentName,
  methodName,
  parseAmount,
  t,
  tenderStatusName,
  useLanguage,
  type MessageKey,
} from '../i18n';
import { Link, navigate, useLocation } from '../router';
import { sessionEnded, useSession } from '../session';

export const PAGE_SIZE = 20;

/** The facet groups in the order the sidebar shows them. */
const FACETS: FacetName[] = [
  'cpv_division',
  'cpv_group',
  'country',
  'nuts',
  'buyer_type',
  'method',
  'instrument',
  'status',
  'year',
];

type SingleKey = Exclude<keyof SearchParams, 'instrument'>;

/** The query parameter each facet sets (both CPV facets set `cpv`). */
const FACET_PARAM: Record<FacetName, keyof SearchParams> = {
  cpv_division: 'cpv',
  cpv_group: 'cpv',
  country: 'country',
  nuts: 'nuts',
  buyer_type: 'buyer_type',
  method: 'method',
  instrument: 'instrument',
  status: 'status',
  year: 'year',
};

/** The filters a person can remove one by one (everything but paging and sorting). */
const FILTER_KEYS = SEARCH_KEYS.filter((k) => !['sort', 'order', 'offset', 'limit'].includes(k));

const ENDS_WITHIN = ['3', '6', '12', '24'];

export function searchPath(params: SearchParams): string {
  const q = searchQuery(params);
  return q ? `/contracts?${q}` : '/contracts';
}

export function hasFilters(params: SearchParams): boolean {
  return FILTER_KEYS.some((k) => (k === 'instrument' ? (params.instrument ?? []).length > 0 : !!params[k]));
}

/** The words a facet value is shown with, in the current language. */
export function facetLabel(facet: FacetName, f: Pick<FacetValue, 'value' | 'label'>): string {
  switch (facet) {
    case 'method':
      return methodName(f.value);
    case 'status':
      return tenderStatusName(f.value);
    case 'instrument':
      return instrumentName(f.value);
    case 'buyer_type':
      return buyerTypeName(f.value, f.label);
    case 'country':
      return f.label || countryName(f.value);
    case 'cpv_division':
    case 'cpv_group':
      return f.label ? `${f.value} ${f.label}` : f.value;
    default:
      return f.label || f.value;
  }
}

function isChecked(facet: FacetName, value: string, params: SearchParams): boolean {
  if (facet === 'instrument') return (params.instrument ?? []).includes(value);
  if (facet === 'cpv_division') return !!params.cpv && params.cpv.slice(0, 2) === value;
  if (facet === 'cpv_group') return !!params.cpv && params.cpv.length >= 3 && params.cpv.startsWith(value);
  return params[FACET_PARAM[facet] as SingleKey] === value;
}

/** The search after ticking or unticking a facet value; paging starts again. */
export function toggleFacet(facet: FacetName, value: string, params: SearchParams): SearchParams {
  const next: SearchParams = { ...params, offset: undefined };
  const checked = isChecked(facet, value, params);
  if (facet === 'instrument') {
    const list = params.instrument ?? [];
    next.instrument = checked ? list.filter((v) => v !== value) : [...list, value];
  } else if (facet === 'cpv_group' && checked) {
    next.cpv = value.slice(0, 2); // back up to the division
  } else {
    next[FACET_PARAM[facet] as SingleKey] = checked ? undefined : value;
  }
  return next;
}

/** Where a search result's segments are marked, <mark> them; the text is never parsed as HTML. */
export function Snippet({ segments }: { segments: SnippetSegment[] }) {
  return (
    <>
      {segments.map((s, i) => (s.mark ? <mark key={i}>{s.text}</mark> : <span key={i}>{s.text}</span>))}
    </>
  );
}

export function Flag({ country }: { country: string | null }) {
  const flag = flagEmoji(country);
  if (!flag) return null;
  return (
    <span className="flag" aria-hidden="true">
      {flag}{' '}
    </span>
  );
}

export function SearchPage() {
  const lang = useLanguage();
  useTitle(t('contracts.title'));
  const { setMe, announce } = useSession();
  const location = useLocation();
  const qs = location.includes('?') ? location.slice(location.indexOf('?') + 1) : '';
  const params = parseSearchParams(qs);
  const key = searchQuery(params);
  const [result, setResult] = useState<SearchResult | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const resultsHeading = useRef<HTMLHeadingElement>(null);
  const focusResults = useRef(false);

  useEffect(() => {
    const ctrl = new AbortController();
    setLoading(true);
    setLoadError(null);
    api
      .searchContracts(parseSearchParams(key), lang, ctrl.signal)
      .then((r) => {
        setResult(r);
        setLoading(false);
        if (focusResults.current) {
          focusResults.current = false;
          resultsHeading.current?.focus();
        }
      })
      .catch((e) => {
        if (ctrl.signal.aborted || (e instanceof DOMException && e.name === 'AbortError')) return;
        if (sessionEnded(e, setMe)) return;
        setLoading(false);
        setLoadError(errorMessage(e));
      });
    return () => ctrl.abort();
  }, [key, lang, attempt, setMe]);

  /** Shows another search in place: the URL changes, focus and scroll stay. */
  function go(next: SearchParams, options: { toResults?: boolean } = {}) {
    focusResults.current = !!options.toResults;
    navigate(searchPath(next), { quiet: true, keepScroll: !options.toResults });
  }

  const countText = result
    ? result.total === 0
      ? t('search.count.none')
      : result.total === 1
        ? t('search.count.one')
        : t('search.count.other', { count: formatNumber(result.total) })
    : '';
  const filtered = hasFilters(params);

  return (
    <>
      <PageHeader title={t('contracts.title')} lead={t('contracts.lead')} />
      <SearchBox params={params} onSearch={go} />
      <div className="search-layout">
        <section className="search-layout__filters" aria-labelledby="search-filters-title">
          <h2 id="search-filters-title">{t('search.filters')}</h2>
          {result &&
            FACETS.map((facet) => (
              <FacetGroup key={facet} facet={facet} values={result.facets[facet] ?? []} params={params} onChange={go} />
            ))}
          <MoreFilters params={params} onApply={go} />
        </section>

        <div className="search-layout__results">
          <section aria-labelledby="search-results-title">
            <div className="results-head">
              <h2 id="search-results-title" tabIndex={-1} ref={resultsHeading}>
                {t('search.results')}
              </h2>
              <p className="results-head__count" role="status" aria-live="polite" aria-atomic="true">
                {loading ? t('search.searching') : loadError ? '' : countText}
              </p>
            </div>
            <SortControls params={params} onChange={go} />
            {filtered && <ActiveFilters params={params} result={result} onChange={go} />}
            {loadError && (
              <div className="notice notice--error" role="alert">
                <p className="notice__title">{t('search.errorTitle')}</p>
                <p data-testid="search-error">{loadError}</p>
                <button type="button" className="button button--secondary" onClick={() => setAttempt((a) => a + 1)}>
                  {t('search.retry')}
                </button>
              </div>
            )}
            {!loadError && result && result.total === 0 && !loading && (
              <div className="card empty-state" data-testid="search-empty">
                <h3>{t('search.emptyTitle')}</h3>
                {filtered && <p>{t('search.emptyFilters')}</p>}
                {params.q && <p>{t('search.emptyWords')}</p>}
              </div>
            )}
            {!loadError && result && result.hits.length > 0 && (
              <>
                <ol
                  className="results"
                  start={result.offset + 1}
                  aria-labelledby="search-results-title"
                  aria-busy={loading || undefined}
                >
                  {result.hits.map((hit) => (
                    <ResultCard key={hit.ocid} hit={hit} />
                  ))}
                </ol>
                <Pager result={result} params={params} onPage={(p) => go(p, { toResults: true })} />
              </>
            )}
          </section>

          {!loadError && result && result.total > 0 && (
            <section className="card" aria-labelledby="search-export-title">
              <h2 id="search-export-title">{t('search.export')}</h2>
              <ul className="plain-list">
                <li>
                  <a href={api.exportUrl('csv', params)}>{t('search.exportCsv')}</a>
                </li>
                <li>
                  <a href={api.exportUrl('ocds', params)}>{t('search.exportOcds')}</a>
                </li>
              </ul>
              <p className="muted">{t('search.exportNote')}</p>
            </section>
          )}
          <SaveSearch params={params} announce={announce} />
        </div>
      </div>
    </>
  );
}

function SearchBox({ params, onSearch }: { params: SearchParams; onSearch: (p: SearchParams) => void }) {
  const [text, setText] = useState(params.q ?? '');
  // Back and forward change the URL under the box: follow it.
  useEffect(() => setText(params.q ?? ''), [params.q]);

  function submit(e: FormEvent) {
    e.preventDefault();
    const q = text.trim();
    onSearch({ ...params, q: q || undefined, offset: undefined, sort: q ? params.sort : params.sort === 'relevance' ? undefined : params.sort });
  }

  return (
    <form className="search-box" role="search" onSubmit={submit} aria-label={t('search.label')}>
      <label className="field__label" htmlFor="search-q">
        {t('search.label')}
      </label>
      <p className="field__hint" id="search-q-hint">
        {t('search.hint')}
      </p>
      <div className="search-box__row">
        <input
          id="search-q"
          name="q"
          type="search"
          className="input"
          value={text}
          onChange={(e) => setText(e.target.value)}
          aria-describedby="search-q-hint"
        />
        <button type="submit" className="button button--primary">
          {t('search.submit')}
        </button>
      </div>
    </form>
  );
}

function FacetGroup({
  facet,
  values,
  params,
  onChange,
}: {
  facet: FacetName;
  values: FacetValue[];
  params: SearchParams;
  onChange: (p: SearchParams) => void;
}) {
  // A value nothing matches narrows to nothing: leave it out, unless it is the one ticked.
  const shown = values.filter((f) => f.count > 0 || isChecked(facet, f.value, params));
  if (shown.length === 0) return null;
  return (
    <fieldset className="facet" data-facet={facet}>
      <legend className="facet__legend">{t(`search.facet.${facet}` as MessageKey)}</legend>
      <ul className="facet__list">
        {shown.map((f) => {
          const id = `facet-${facet}-${f.value.replace(/[^A-Za-z0-9_-]/g, '_')}`;
          return (
            <li key={f.value} className="facet__item">
              <input
                id={id}
                type="checkbox"
                className="checkbox"
                checked={isChecked(facet, f.value, params)}
                onChange={() => onChange(toggleFacet(facet, f.value, params))}
              />
              <label htmlFor={id}>
                {facet === 'country' && <Flag country={f.value} />}
                {facetLabel(facet, f)} <span className="facet__count">({formatNumber(f.count)})</span>
              </label>
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}

function MoreFilters({ params, onApply }: { params: SearchParams; onApply: (p: SearchParams) => void }) {
  const lang = useLanguage();
  const [min, setMin] = useState('');
  const [max, setMax] = useState('');
  const [endFrom, setEndFrom] = useState('');
  const [endTo, setEndTo] = useState('');
  const [within, setWithin] = useState('');
  const [unitPrices, setUnitPrices] = useState(false);
  const [errors, setErrors] = useState<{ min?: string; max?: string }>({});

  const amount = (v: string | undefined) => (v && !Number.isNaN(Number(v)) ? amountForInput(Number(v), lang) : '');
  useEffect(() => {
    setMin(amount(params.value_min));
    setMax(amount(params.value_max));
    setEndFrom(params.end_from ?? '');
    setEndTo(params.end_to ?? '');
    setWithin(params.ends_within ?? '');
    setUnitPrices(params.unit_prices === '1');
    setErrors({});
    // follow the URL (a removed filter, back and forward)
  }, [params.value_min, params.value_max, params.end_from, params.end_to, params.ends_within, params.unit_prices, lang]);

  function apply(e: FormEvent) {
    e.preventDefault();
    const minValue = min.trim() ? parseAmount(min) : null;
    const maxValue = max.trim() ? parseAmount(max) : null;
    const next = {
      min: min.trim() && minValue === null ? t('search.valueInvalid') : undefined,
      max: max.trim() && maxValue === null ? t('search.valueInvalid') : undefined,
    };
    setErrors(next);
    if (next.min || next.max) {
      document.getElementById(next.min ? 'filter-value-min' : 'filter-value-max')?.focus();
      return;
    }
    onApply({
      ...params,
      offset: undefined,
      value_min: minValue === null ? undefined : String(minValue),
      value_max: maxValue === null ? undefined : String(maxValue),
      end_from: endFrom || undefined,
      end_to: endTo || undefined,
      ends_within: within || undefined,
      unit_prices: unitPrices ? '1' : undefined,
    });
  }

  return (
    <form className="facet facet--form" onSubmit={apply} noValidate>
      <fieldset className="facet">
        <legend className="facet__legend">{t('search.moreFilters')}</legend>
        <TextField
          id="filter-value-min"
          label={t('search.valueMin')}
          optional
          inputMode="decimal"
          value={min}
          onChange={setMin}
          error={errors.min}
        />
        <TextField
          id="filter-value-max"
          label={t('search.valueMax')}
          optional
          inputMode="decimal"
          value={max}
          onChange={setMax}
          error={errors.max}
        />
        <TextField id="filter-end-from" type="date" label={t('search.endFrom')} optional value={endFrom} onChange={setEndFrom} />
        <TextField id="filter-end-to" type="date" label={t('search.endTo')} optional value={endTo} onChange={setEndTo} />
        <SelectField id="filter-ends-within" label={t('search.endsWithin')} optional value={within} onChange={setWithin}>
          <option value="">{t('search.endsWithinAny')}</option>
          {ENDS_WITHIN.map((m) => (
            <option key={m} value={m}>
              {t('search.months', { months: m })}
            </option>
          ))}
        </SelectField>
        <div className="checkbox-field">
          <input
            id="filter-unit-prices"
            type="checkbox"
            className="checkbox"
            checked={unitPrices}
            onChange={(e) => setUnitPrices(e.target.checked)}
          />
          <label htmlFor="filter-unit-prices">{t('search.unitPrices')}</label>
        </div>
        <button type="submit" className="button button--secondary">
          {t('search.apply')}
        </button>
      </fieldset>
    </form>
  );
}

function SortControls({ params, onChange }: { params: SearchParams; onChange: (p: SearchParams) => void }) {
  const sorts = params.q ? ['relevance', 'value', 'date', 'end'] : ['date', 'value', 'end'];
  const sort = params.sort && sorts.includes(params.sort) ? params.sort : sorts[0];
  const order = params.order === 'asc' ? 'asc' : 'desc';
  return (
    <div className="sort-controls">
      <div className="field field--inline">
        <label className="field__label" htmlFor="search-sort">
          {t('search.sort')}
        </label>
        <select
          id="search-sort"
          className="select select--compact-light"
          value={sort}
          onChange={(e) => onChange({ ...params, sort: e.target.value, offset: undefined })}
        >
          {sorts.map((s) => (
            <option key={s} value={s}>
              {t(`search.sort.${s}` as MessageKey)}
            </option>
          ))}
        </select>
      </div>
      <div className="field field--inline">
        <label className="field__label" htmlFor="search-order">
          {t('search.order')}
        </label>
        <select
          id="search-order"
          className="select select--compact-light"
          value={order}
          onChange={(e) => onChange({ ...params, order: e.target.value === 'asc' ? 'asc' : undefined, offset: undefined })}
        >
          <option value="desc">{t('search.order.desc')}</option>
          <option value="asc">{t('search.order.asc')}</option>
        </select>
      </div>
    </div>
  );
}

/** The name and value of one active filter, e.g. "Buyer’s country: Netherlands". */
function filterText(key: keyof SearchParams, value: string, result: SearchResult | null): string {
  const fromFacet = (facet: FacetName) => result?.facets[facet]?.find((f) => f.value === value);
  let name: string;
  let shown: string = value;
  switch (key) {
    case 'country':
      name = t('search.facet.country');
      shown = fromFacet('country')?.label || countryName(value);
      break;
    case 'nuts':
      name = t('search.facet.nuts');
      shown = fromFacet('nuts')?.label ? `${value} ${fromFacet('nuts')!.label}` : value;
      break;
    case 'cpv': {
      name = t('search.filter.cpv');
      const f = fromFacet('cpv_group') ?? fromFacet('cpv_division');
      shown = f?.label ? `${value} ${f.label}` : value;
      break;
    }
    case 'buyer_type':
      name = t('search.facet.buyer_type');
      shown = buyerTypeName(value, fromFacet('buyer_type')?.label);
      break;
    case 'method':
      name = t('search.facet.method');
      shown = methodName(value);
      break;
    case 'status':
      name = t('search.facet.status');
      shown = tenderStatusName(value);
      break;
    case 'instrument':
      name = t('search.facet.instrument');
      shown = instrumentName(value);
      break;
    case 'year':
      name = t('search.facet.year');
      break;
    case 'value_min':
    case 'value_max':
      name = t(`search.filter.${key}`);
      shown = Number.isNaN(Number(value)) ? value : formatEuro(Number(value));
      break;
    case 'tender_from':
    case 'tender_to':
    case 'award_from':
    case 'award_to':
    case 'end_from':
    case 'end_to':
      name = t(`search.filter.${key}`);
      shown = formatDate(value);
      break;
    case 'ends_within':
      name = t('search.filter.ends_within');
      shown = t('search.months', { months: value });
      break;
    case 'unit_prices':
      return t('search.filter.unit_prices');
    case 'q':
      name = t('search.filter.q');
      shown = `“${value}”`;
      break;
    case 'buyer':
    case 'supplier':
      name = t(`search.filter.${key}`);
      break;
    default:
      name = key;
  }
  return `${name}: ${shown}`;
}

function ActiveFilters({
  params,
  result,
  onChange,
}: {
  params: SearchParams;
  result: SearchResult | null;
  onChange: (p: SearchParams) => void;
}) {
  const items: Array<{ id: string; text: string; without: SearchParams }> = [];
  for (const key of FILTER_KEYS) {
    if (key === 'instrument') {
      for (const v of params.instrument ?? []) {
        items.push({
          id: `instrument-${v}`,
          text: filterText('instrument', v, result),
          without: { ...params, offset: undefined, instrument: (params.instrument ?? []).filter((x) => x !== v) },
        });
      }
    } else if (params[key]) {
      items.push({
        id: key,
        text: filterText(key, params[key]!, result),
        without: { ...params, offset: undefined, [key]: undefined },
      });
    }
  }
  const cleared: SearchParams = { sort: params.sort, order: params.order };
  return (
    <div className="active-filters" data-testid="active-filters">
      <h3 id="active-filters-title" className="active-filters__title">
        {t('search.activeFilters')}
      </h3>
      <ul className="active-filters__list" aria-labelledby="active-filters-title">
        {items.map((item) => (
          <li key={item.id}>
            <button
              type="button"
              className="button button--secondary button--small chip"
              onClick={() => {
                onChange(item.without);
                // the button is gone now: keep the keyboard near
                document.getElementById('search-results-title')?.focus();
              }}
            >
              <span className="visually-hidden">{t('search.removeFilter')}:</span> {item.text}
              <span className="chip__x" aria-hidden="true">
                {' '}
                ×
              </span>
            </button>
          </li>
        ))}
        {items.length > 1 && (
          <li>
            <button
              type="button"
              className="button button--link"
              onClick={() => {
                onChange(cleared);
                document.getElementById('search-results-title')?.focus();
              }}
            >
              {t('search.clearFilters')}
            </button>
          </li>
        )}
      </ul>
    </div>
  );
}

export function contractPath(ocid: string): string {
  return `/contracts/${encodeURIComponent(ocid)}`;
}

function ResultCard({ hit }: { hit: SearchHit }) {
  const more = Math.max(0, hit.suppliers.length - 1);
  return (
    <li className="result card">
      <h3 className="result__title">
        <Link to={contractPath(hit.ocid)}>{hit.title || hit.ocid}</Link>
      </h3>
      {(hit.framework || hit.dps || hit.cpb) && (
        <ul className="badges">
          {hit.framework && <li className="badge badge--instrument">{t('search.badge.framework')}</li>}
          {hit.dps && <li className="badge badge--instrument">{t('search.badge.dps')}</li>}
          {hit.cpb && <li className="badge badge--instrument">{t('search.badge.cpb')}</li>}
        </ul>
      )}
      <dl className="result__facts">
        <div>
          <dt>{t('search.buyer')}</dt>
          <dd>
            <Flag country={hit.country} />
            {hit.buyer || t('common.notStated')}
            {hit.country && <span className="muted"> · {countryName(hit.country)}</span>}
          </dd>
        </div>
        <div>
          <dt>{t('search.supplier')}</dt>
          <dd>
            {hit.supplier ?? t('common.notStated')}
            {hit.supplier && more > 0 && <span className="muted"> {t('search.moreSuppliers', { count: more })}</span>}
          </dd>
        </div>
        <div>
          <dt>{t('search.value')}</dt>
          <dd>{hit.value_eur === null ? t('common.notStated') : formatEuro(Math.round(hit.value_eur))}</dd>
        </div>
        <div>
          <dt>{t('search.ends')}</dt>
          <dd>{hit.end_date ? formatDate(hit.end_date) : t('common.notStated')}</dd>
        </div>
      </dl>
      {hit.snippet.length > 0 && (
        <p className="result__snippet">
          <span className="visually-hidden">{t('search.snippet')}:</span> <Snippet segments={hit.snippet} />
        </p>
      )}
    </li>
  );
}

function Pager({
  result,
  params,
  onPage,
}: {
  result: SearchResult;
  params: SearchParams;
  onPage: (p: SearchParams) => void;
}) {
  const limit = result.limit || PAGE_SIZE;
  const first = result.offset + 1;
  const last = result.offset + result.hits.length;
  const prev = result.offset > 0 ? { ...params, offset: result.offset - limit > 0 ? String(result.offset - limit) : undefined } : null;
  const next = last < result.total ? { ...params, offset: String(result.offset + limit) } : null;
  const follow = (target: SearchParams) => (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    onPage(target);
  };
  return (
    <nav className="pager pager--search" aria-label={t('search.pager')}>
      {prev ? (
        <a className="button button--secondary" href={searchPath(prev)} onClick={follow(prev)}>
          {t('search.previous')}
        </a>
      ) : (
        <span />
      )}
      <p className="pager__range">
        {t('search.range', { first: formatNumber(first), last: formatNumber(last), total: formatNumber(result.total) })}
      </p>
      {next ? (
        <a className="button button--secondary" href={searchPath(next)} onClick={follow(next)}>
          {t('search.next')}
        </a>
      ) : (
        <span />
      )}
    </nav>
  );
}

function SaveSearch({ params, announce }: { params: SearchParams; announce: (m: string) => void }) {
  const { setMe } = useSession();
  const [name, setName] = useState('');
  const [alerts, setAlerts] = useState(true);
  const [error, setError] = useState<string | undefined>();
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setProblem(null);
    setSaved(null);
    const trimmed = name.trim();
    if (!trimmed) {
      setError(t('search.save.nameRequired'));
      document.getElementById('save-name')?.focus();
      return;
    }
    setError(undefined);
    setBusy(true);
    try {
      const created = await api.createSavedSearch({ name: trimmed, params: savedParams(params), alerts });
      const message = t('search.save.saved', { name: created.name });
      setSaved(message);
      announce(message);
      setName('');
    } catch (err) {
      if (sessionEnded(err, setMe)) return;
      const fieldProblem = err instanceof ApiError ? err.fieldError('name') : undefined;
      if (fieldProblem) setError(fieldProblem);
      else setProblem(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="save-search-title">
      <h2 id="save-search-title">{t('search.save.title')}</h2>
      {problem && <Notice kind="error">{problem}</Notice>}
      {saved && (
        <Notice kind="success">
          <p>{saved}</p>
          <p>
            <Link to="/saved-searches">{t('search.save.link')}</Link>
          </p>
        </Notice>
      )}
      <form className="form" onSubmit={submit} noValidate>
        <TextField id="save-name" label={t('search.save.name')} value={name} onChange={setName} error={error} maxLength={200} />
        <div className="checkbox-field">
          <input
            id="save-alerts"
            type="checkbox"
            className="checkbox"
            checked={alerts}
            onChange={(e) => setAlerts(e.target.checked)}
          />
          <label htmlFor="save-alerts">{t('search.save.alerts')}</label>
        </div>
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? t('common.saving') : t('search.save.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
