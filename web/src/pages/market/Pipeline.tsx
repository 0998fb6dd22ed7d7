// The shared pipeline (docs/MARKET.md): what public buyers plan to procure. The filters and the
// view (a list, or a calendar of months) live in the query string, so `/pipeline?organisation_id=3`
// is one organisation's pipeline; organisation admins and buyers publish their own entries here.
import { useEffect, useState, type FormEvent } from 'react';
import {
  api,
  ApiError,
  marketApi,
  parsePipelineFilters,
  PIPELINE_STATUSES,
  pipelineQuery,
  type CpvMatch,
  type OrganisationSummary,
  type PipelineEntry,
  type PipelineFilters,
} from '../../api';
import { CpvPicker } from '../../components/CpvPicker';
import { CheckboxField, ErrorSummary, Notice, SelectField, TextAreaField, TextField, type SummaryItem } from '../../components/forms';
import { Loading, PageHeader, useTitle } from '../../components/page';
import { errorMessage } from '../../errors';
import {
  countryName,
  currencyName,
  formatDay,
  formatMonth,
  formatNumber,
  parseAmount,
  pipelineStatusName,
  t,
  useLanguage,
} from '../../i18n';
import { Link, navigate, useLocation } from '../../router';
import { isMarketOrganisation, sessionEnded, useSession } from '../../session';
import { isValidEmail } from '../../validation';
import { useResource } from '../community/shared';
import { CpvCode, CURRENCIES, estimatedValue, MarketProblem } from './shared';

export type PipelineView = 'list' | 'calendar';

/** The address of the pipeline page for some filters and a view. */
export function pipelinePath(filters: PipelineFilters, view: PipelineView): string {
  const q = new URLSearchParams(pipelineQuery(filters));
  if (view === 'calendar') q.set('view', 'calendar');
  const s = q.toString();
  return s ? `/pipeline?${s}` : '/pipeline';
}

/** Entries grouped by the month of their planned tender date, months and entries in date order. */
export function byMonth(entries: PipelineEntry[]): Array<{ month: string; entries: PipelineEntry[] }> {
  const sorted = [...entries].sort(
    (a, b) => a.planned_tender_date.localeCompare(b.planned_tender_date) || a.title.localeCompare(b.title),
  );
  const groups: Array<{ month: string; entries: PipelineEntry[] }> = [];
  for (const e of sorted) {
    const month = e.planned_tender_date.slice(0, 7);
    const last = groups[groups.length - 1];
    if (last && last.month === month) last.entries.push(e);
    else groups.push({ month, entries: [e] });
  }
  return groups;
}

/** Whether `me` may publish entries for their organisation. */
export function canPublish(role: string | undefined): boolean {
  return role === 'org_admin' || role === 'buyer';
}

export function PipelinePage() {
  useLanguage();
  useTitle(t('pipeline.title'));
  const { me } = useSession();
  const location = useLocation();
  const search = location.includes('?') ? location.slice(location.indexOf('?') + 1) : '';
  const params = new URLSearchParams(search);
  const filters = parsePipelineFilters(params);
  const view: PipelineView = params.get('view') === 'calendar' ? 'calendar' : 'list';
  const apiQuery = pipelineQuery(filters);
  const entries = useResource(() => marketApi.pipeline(filters), apiQuery);
  const orgs = useResource(
    () => api.organisations().then((list) => list.filter((o) => !isMarketOrganisation(o) && o.type !== 'other')),
    'organisations',
  );

  const forbidden = entries.status === 403 && !!entries.error;
  const orgId = filters.organisation_id;
  const orgName = orgId
    ? (orgs.data?.find((o) => String(o.id) === orgId)?.name ??
      entries.data?.find((e) => String(e.organisation.id) === orgId)?.organisation.name ??
      null)
    : null;
  const myOrgPath = me ? pipelinePath({ organisation_id: String(me.organisation.id) }, view) : null;
  const ownOrgIsBuyer = !!me && !isMarketOrganisation(me.organisation) && me.organisation.type !== 'other';

  return (
    <>
      <PageHeader title={t('pipeline.title')} lead={t('pipeline.lead')} />
      {forbidden ? (
        <MarketProblem error={entries.error!} status={403} />
      ) : (
        <>
          <section className="card" aria-labelledby="pipeline-filters-title">
            <h2 id="pipeline-filters-title">{t('pipeline.filters')}</h2>
            <FilterForm key={apiQuery} filters={filters} view={view} organisations={orgs.data ?? []} />
            {ownOrgIsBuyer && myOrgPath && orgId !== String(me!.organisation.id) && (
              <p>
                <Link to={myOrgPath}>{t('pipeline.myOrganisation', { name: me!.organisation.name })}</Link>
              </p>
            )}
          </section>
          <section className="card" aria-labelledby="pipeline-list-title">
            <h2 id="pipeline-list-title">{orgName ? t('pipeline.listOf', { name: orgName }) : t('pipeline.list')}</h2>
            <div className="view-toggle" role="group" aria-label={t('pipeline.view')}>
              {(['list', 'calendar'] as const).map((v) => (
                <button
                  key={v}
                  type="button"
                  className="button button--secondary button--small"
                  aria-pressed={view === v}
                  onClick={() => navigate(pipelinePath(filters, v), { quiet: true, keepScroll: true })}
                >
                  {v === 'list' ? t('pipeline.viewList') : t('pipeline.viewCalendar')}
                </button>
              ))}
            </div>
            {entries.error && <MarketProblem error={entries.error} status={entries.status} />}
            {!entries.data && !entries.error && <Loading />}
            <p className="results-count" role="status" aria-live="polite" data-testid="pipeline-count">
              {entries.data && !entries.error
                ? entries.data.length === 1
                  ? t('pipeline.countOne')
                  : t('pipeline.count', { count: formatNumber(entries.data.length) })
                : ''}
            </p>
            {entries.data && !entries.error && entries.data.length === 0 && (
              <p>{apiQuery ? t('pipeline.noneMatching') : t('pipeline.none')}</p>
            )}
            {entries.data && !entries.error && entries.data.length > 0 &&
              (view === 'calendar' ? <Calendar entries={entries.data} /> : <EntryTable entries={entries.data} />)}
          </section>
          {canPublish(me?.role) && <PublishForm />}
        </>
      )}
    </>
  );
}

function FilterForm({ filters, view, organisations }: { filters: PipelineFilters; view: PipelineView; organisations: OrganisationSummary[] }) {
  const [cpv, setCpv] = useState(filters.cpv ?? '');
  const [from, setFrom] = useState(filters.from ?? '');
  const [to, setTo] = useState(filters.to ?? '');
  const [status, setStatus] = useState(filters.status ?? '');
  const [organisation, setOrganisation] = useState(filters.organisation_id ?? '');
  const [collaboration, setCollaboration] = useState(filters.collaboration === 'true');
  const [errors, setErrors] = useState<Record<string, string>>({});

  // An organisation named in the address but not (yet) among the loaded ones stays choosable.
  const options = organisations.some((o) => String(o.id) === organisation) || !organisation
    ? organisations
    : [...organisations, { id: Number(organisation), name: t('pipeline.organisationNumber', { id: organisation }) } as OrganisationSummary];

  function submit(e: FormEvent) {
    e.preventDefault();
    const next: Record<string, string> = {};
    const digits = cpv.trim();
    if (digits && !/^\d{1,8}$/.test(digits)) next.cpv = t('pipeline.cpvFilterInvalid');
    if (from && to && to < from) next.to = t('pipeline.toBeforeFrom');
    setErrors(next);
    if (Object.keys(next).length) {
      document.getElementById(next.cpv ? 'pipeline-filter-cpv' : 'pipeline-filter-to')?.focus();
      return;
    }
    const chosen: PipelineFilters = {
      organisation_id: organisation || undefined,
      cpv: digits || undefined,
      from: from || undefined,
      to: to || undefined,
      status: status || undefined,
      collaboration: collaboration ? 'true' : undefined,
    };
    navigate(pipelinePath(chosen, view), { quiet: true, keepScroll: true });
  }

  // Filters narrow the list: none is required, and none is marked optional either.
  const filter = { 'aria-required': undefined };

  return (
    <form className="form filters-grid" onSubmit={submit} noValidate aria-labelledby="pipeline-filters-title">
      <TextField
        id="pipeline-filter-cpv"
        label={t('pipeline.filterCpv')}
        hint={t('pipeline.filterCpvHint')}
        error={errors.cpv}
        inputMode="numeric"
        value={cpv}
        onChange={setCpv}
        {...filter}
      />
      <TextField id="pipeline-filter-from" type="date" label={t('pipeline.filterFrom')} value={from} onChange={setFrom} {...filter} />
      <TextField id="pipeline-filter-to" type="date" label={t('pipeline.filterTo')} error={errors.to} value={to} onChange={setTo} {...filter} />
      <SelectField id="pipeline-filter-status" label={t('pipeline.filterStatus')} value={status} onChange={setStatus} {...filter}>
        <option value="">{t('pipeline.anyStatus')}</option>
        {PIPELINE_STATUSES.map((s) => (
          <option key={s} value={s}>
            {pipelineStatusName(s)}
          </option>
        ))}
      </SelectField>
      <SelectField
        id="pipeline-filter-organisation"
        label={t('pipeline.filterOrganisation')}
        value={organisation}
        onChange={setOrganisation}
        {...filter}
      >
        <option value="">{t('pipeline.allOrganisations')}</option>
        {options.map((o) => (
          <option key={o.id} value={String(o.id)}>
            {o.name}
          </option>
        ))}
      </SelectField>
      <CheckboxField id="pipeline-filter-collaboration" label={t('pipeline.filterCollaboration')} checked={collaboration} onChange={setCollaboration} />
      <div className="form__actions">
        <button type="submit" className="button button--primary">
          {t('pipeline.applyFilters')}
        </button>
        <Link to={pipelinePath({}, view)} className="button button--secondary" aria-current={undefined}>
          {t('pipeline.clearFilters')}
        </Link>
      </div>
    </form>
  );
}

function EntryTable({ entries }: { entries: PipelineEntry[] }) {
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="pipeline-table-caption">
      <table className="table" data-testid="pipeline-table">
        <caption id="pipeline-table-caption" className="visually-hidden">
          {t('pipeline.tableCaption')}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('pipeline.col.title')}</th>
            <th scope="col">{t('pipeline.col.organisation')}</th>
            <th scope="col">{t('pipeline.col.cpv')}</th>
            <th scope="col">{t('pipeline.col.tenderDate')}</th>
            <th scope="col" className="num">
              {t('pipeline.col.value')}
            </th>
            <th scope="col">{t('pipeline.col.status')}</th>
            <th scope="col">{t('pipeline.col.collaboration')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id}>
              <th scope="row" className="cell-name">
                <Link to={`/pipeline/${e.id}`}>{e.title}</Link>
              </th>
              <td>
                {e.organisation.name}
                {e.organisation.country && <span className="muted"> · {countryName(e.organisation.country)}</span>}
              </td>
              <td>
                <CpvCode code={e.cpv} label={e.cpv_label} />
              </td>
              <td>{formatDay(e.planned_tender_date)}</td>
              <td className="num">{estimatedValue(e)}</td>
              <td>{pipelineStatusName(e.status)}</td>
              <td>{e.open_to_collaboration ? t('common.yes') : t('common.no')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Calendar({ entries }: { entries: PipelineEntry[] }) {
  return (
    <div className="pipeline-calendar" data-testid="pipeline-calendar">
      {byMonth(entries).map((g) => (
        <section key={g.month} className="calendar-month" aria-labelledby={`month-${g.month}`} data-month={g.month}>
          <h3 id={`month-${g.month}`}>{formatMonth(g.month)}</h3>
          <ul className="calendar-month__list">
            {g.entries.map((e) => (
              <li key={e.id} className="calendar-month__item">
                <time dateTime={e.planned_tender_date}>{formatDay(e.planned_tender_date)}</time>
                {' · '}
                <Link to={`/pipeline/${e.id}`}>{e.title}</Link>
                <span className="muted">
                  {' · '}
                  {e.organisation.name}
                  {' · '}
                  {pipelineStatusName(e.status)}
                </span>
                {e.open_to_collaboration && (
                  <>
                    {' '}
                    <span className="badge badge--yes">{t('pipeline.openBadge')}</span>
                  </>
                )}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

const FIELD_IDS: Record<string, string> = {
  title: 'pipeline-title',
  description: 'pipeline-description',
  cpv: 'pipeline-cpv',
  estimated_value: 'pipeline-amount',
  'estimated_value.amount': 'pipeline-amount',
  'estimated_value.currency': 'pipeline-currency',
  planned_tender_date: 'pipeline-tender-date',
  contract_start: 'pipeline-start',
  duration_months: 'pipeline-duration',
  region: 'pipeline-region',
  open_to_collaboration: 'pipeline-collaboration',
  contact_name: 'pipeline-contact-name',
  contact_email: 'pipeline-contact-email',
};

/** The id of the publish form's control a server field names ("estimated_value.currency" → "pipeline-currency"). */
export function pipelineFieldId(field: string): string | undefined {
  return FIELD_IDS[field];
}

function PublishForm() {
  const { me, setMe, announce } = useSession();
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [cpv, setCpv] = useState<Pick<CpvMatch, 'code' | 'label'> | null>(null);
  const [amount, setAmount] = useState('');
  const [currency, setCurrency] = useState('EUR');
  const [tenderDate, setTenderDate] = useState('');
  const [start, setStart] = useState('');
  const [duration, setDuration] = useState('');
  const [region, setRegion] = useState(me?.organisation.nuts ?? '');
  const [open, setOpen] = useState(false);
  const [contactName, setContactName] = useState(me?.name ?? '');
  const [contactEmail, setContactEmail] = useState(me?.email ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [summary, setSummary] = useState<SummaryItem[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    // The session may arrive after the form: fill the organisation's defaults then.
    if (me) {
      setRegion((r) => r || me.organisation.nuts || '');
      setContactName((n) => n || me.name);
      setContactEmail((m) => m || me.email);
    }
  }, [me]);

  function fail(next: Record<string, string>, extra: SummaryItem[] = []) {
    setErrors(next);
    setSummary([...Object.entries(next).map(([id, message]) => ({ fieldId: id, message })), ...extra]);
    setAttempt((a) => a + 1);
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setProblem(null);
    const next: Record<string, string> = {};
    if (!title.trim()) next['pipeline-title'] = t('pipeline.titleRequired');
    if (!cpv) next['pipeline-cpv'] = t('pipeline.cpvRequired');
    let value: number | null = null;
    if (amount.trim()) {
      value = parseAmount(amount);
      if (value === null) next['pipeline-amount'] = t('pipeline.amountInvalid');
    }
    if (!tenderDate) next['pipeline-tender-date'] = t('pipeline.tenderDateRequired');
    if (start && tenderDate && start < tenderDate) next['pipeline-start'] = t('pipeline.startBeforeTender');
    const months = duration.trim();
    if (months && (!/^\d+$/.test(months) || Number(months) < 1 || Number(months) > 600)) next['pipeline-duration'] = t('pipeline.durationInvalid');
    if (contactEmail.trim() && !isValidEmail(contactEmail.trim())) next['pipeline-contact-email'] = t('validation.emailInvalid');
    if (Object.keys(next).length) return fail(next);
    setErrors({});
    setSummary([]);
    setBusy(true);
    try {
      const created = await marketApi.publish({
        title: title.trim(),
        ...(description.trim() ? { description: description.trim() } : {}),
        cpv: cpv!.code,
        ...(value !== null ? { estimated_value: { amount: value, currency } } : {}),
        planned_tender_date: tenderDate,
        ...(start ? { contract_start: start } : {}),
        ...(months ? { duration_months: Number(months) } : {}),
        ...(region.trim() ? { region: region.trim().toUpperCase() } : {}),
        open_to_collaboration: open,
        ...(contactName.trim() ? { contact_name: contactName.trim() } : {}),
        ...(contactEmail.trim() ? { contact_email: contactEmail.trim() } : {}),
      });
      announce(t('pipeline.published', { title: created.title }));
      navigate(`/pipeline/${created.id}`);
    } catch (err) {
      if (sessionEnded(err, setMe)) return;
      if (err instanceof ApiError && err.errors.length) {
        const byField: Record<string, string> = {};
        const other: SummaryItem[] = [];
        for (const x of err.errors) {
          const id = pipelineFieldId(x.field);
          if (id) byField[id] = x.detail;
          else other.push({ message: x.field ? `${x.field}: ${x.detail}` : x.detail });
        }
        fail(byField, other);
      } else setProblem(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="pipeline-publish-title">
      <h2 id="pipeline-publish-title">{t('pipeline.publish')}</h2>
      <p>{t('pipeline.publishLead', { name: me?.organisation.name ?? '' })}</p>
      <ErrorSummary items={summary} focusKey={attempt} />
      {problem && <Notice kind="error">{problem}</Notice>}
      <form className="form" onSubmit={submit} noValidate>
        <TextField id="pipeline-title" label={t('pipeline.titleField')} value={title} onChange={setTitle} error={errors['pipeline-title']} maxLength={300} />
        <TextAreaField
          id="pipeline-description"
          label={t('pipeline.description')}
          optional
          value={description}
          onChange={setDescription}
          error={errors['pipeline-description']}
        />
        <CpvPicker
          inputId="pipeline-cpv"
          label={t('pipeline.cpv')}
          hint={t('pipeline.cpvHint')}
          picked={cpv ? [cpv.code] : []}
          error={errors['pipeline-cpv']}
          onPick={(m) => setCpv({ code: m.code, label: m.label })}
        />
        {cpv && (
          <p className="picked-list__item" data-testid="pipeline-cpv-picked">
            <span>{t('pipeline.cpvPicked')}</span> <span className="code">{cpv.code}</span>
            <span className="picked-list__label">{cpv.label}</span>
            <button type="button" className="button button--link" onClick={() => setCpv(null)}>
              {t('cpv.remove')}
              <span className="visually-hidden">
                {' '}
                {cpv.code} {cpv.label}
              </span>
            </button>
          </p>
        )}
        <fieldset className="fieldset">
          <legend className="fieldset__legend">{t('pipeline.estimatedValue')}</legend>
          <div className="repeat-row">
            <TextField
              id="pipeline-amount"
              label={t('pipeline.amount')}
              hint={t('pipeline.amountHint')}
              optional
              inputMode="decimal"
              value={amount}
              onChange={setAmount}
              error={errors['pipeline-amount']}
            />
            <SelectField id="pipeline-currency" label={t('pipeline.currency')} value={currency} onChange={setCurrency} error={errors['pipeline-currency']}>
              {CURRENCIES.map((c) => (
                <option key={c} value={c}>
                  {c} – {currencyName(c)}
                </option>
              ))}
            </SelectField>
          </div>
        </fieldset>
        <TextField
          id="pipeline-tender-date"
          type="date"
          label={t('pipeline.tenderDate')}
          hint={t('pipeline.tenderDateHint')}
          value={tenderDate}
          onChange={setTenderDate}
          error={errors['pipeline-tender-date']}
        />
        <div className="repeat-row">
          <TextField id="pipeline-start" type="date" label={t('pipeline.contractStart')} optional value={start} onChange={setStart} error={errors['pipeline-start']} />
          <TextField
            id="pipeline-duration"
            label={t('pipeline.duration')}
            optional
            inputMode="numeric"
            value={duration}
            onChange={setDuration}
            error={errors['pipeline-duration']}
          />
        </div>
        <TextField
          id="pipeline-region"
          label={t('pipeline.region')}
          hint={t('pipeline.regionHint')}
          optional
          value={region}
          onChange={setRegion}
          error={errors['pipeline-region']}
          maxLength={10}
          autoCapitalize="characters"
          spellCheck={false}
        />
        <CheckboxField id="pipeline-collaboration" label={t('pipeline.openToCollaboration')} checked={open} onChange={setOpen} />
        {errors['pipeline-collaboration'] && <p className="field__error">{errors['pipeline-collaboration']}</p>}
        <fieldset className="fieldset">
          <legend className="fieldset__legend">{t('pipeline.contact')}</legend>
          <div className="repeat-row">
            <TextField
              id="pipeline-contact-name"
              label={t('pipeline.contactName')}
              optional
              value={contactName}
              onChange={setContactName}
              error={errors['pipeline-contact-name']}
              autoComplete="name"
            />
            <TextField
              id="pipeline-contact-email"
              type="email"
              label={t('pipeline.contactEmail')}
              optional
              value={contactEmail}
              onChange={setContactEmail}
              error={errors['pipeline-contact-email']}
              autoComplete="email"
            />
          </div>
        </fieldset>
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? t('common.saving') : t('pipeline.publishSubmit')}
          </button>
        </div>
      </form>
    </section>
  );
}
