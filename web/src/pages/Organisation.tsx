import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, type Country, type Identifier, type NutsRegion, type Organisation } from '../api';
import { ErrorSummary, Notice, SelectField, TextField, type SummaryItem } from '../components/forms';
import { Loading, PageHeader, useTitle } from '../components/page';
import { errorMessage } from '../errors';
import {
  amountForInput,
  formatDate,
  formatEuro,
  organisationTypeName,
  parseAmount,
  t,
  useLanguage,
} from '../i18n';
import { Link } from '../router';
import { canAdminister, canSeePeople, isMarketOrganisation, sessionEnded, useSession } from '../session';

export const ORGANISATION_TYPES = [
  'municipality',
  'region',
  'central_government',
  'central_purchasing_body',
  'public_agency',
  'public_undertaking',
  'hospital_or_university',
  'supplier',
  'industry_association',
  'other',
];

const BUDGET_MAX = 1e13;

/** Loads the countries (named in the current language) once per language. */
function useCountries(): Country[] | null {
  const lang = useLanguage();
  const [countries, setCountries] = useState<Country[] | null>(null);
  useEffect(() => {
    let live = true;
    api
      .countries(lang)
      .then((c) => live && setCountries(c))
      .catch(() => live && setCountries([]));
    return () => {
      live = false;
    };
  }, [lang]);
  return countries;
}

function useNuts(country: string): NutsRegion[] | null {
  const [regions, setRegions] = useState<{ country: string; list: NutsRegion[] } | null>(null);
  useEffect(() => {
    if (!country) return;
    let live = true;
    api
      .nuts(country)
      .then((list) => live && setRegions({ country, list }))
      .catch(() => live && setRegions({ country, list: [] }));
    return () => {
      live = false;
    };
  }, [country]);
  if (!country) return [];
  return regions && regions.country === country ? regions.list : null;
}

export function OrganisationPage({ id }: { id: number | null }) {
  useLanguage();
  const { me, setMe, announce } = useSession();
  const orgId = id ?? me?.organisation.id ?? null;
  const [org, setOrg] = useState<Organisation | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  const countries = useCountries();

  useTitle(org ? t('org.titleNamed', { name: org.name }) : t('org.title'));

  useEffect(() => {
    if (orgId === null) return;
    let live = true;
    setOrg(null);
    setLoadError(null);
    setEditing(false);
    setSaved(false);
    api
      .organisation(orgId)
      .then((o) => live && setOrg(o))
      .catch((e) => {
        if (!live) return;
        if (sessionEnded(e, setMe)) return;
        setLoadError(e instanceof ApiError && e.status === 404 ? t('org.notFound') : errorMessage(e));
      });
    return () => {
      live = false;
    };
  }, [orgId, setMe]);

  if (orgId === null) return null;
  if (loadError) {
    return (
      <>
        <PageHeader title={t('org.title')} />
        <Notice kind="error">{loadError}</Notice>
      </>
    );
  }
  if (!org) {
    return (
      <>
        <PageHeader title={t('org.title')} />
        <Loading />
      </>
    );
  }

  const editable = canAdminister(me, org.id);
  const country = countries?.find((c) => c.code === org.country);
  const isMine = me?.organisation.id === org.id;
  const peoplePath = isMine ? '/organisation/people' : `/organisations/${org.id}/people`;

  return (
    <>
      <PageHeader
        title={org.name}
        lead={
          <>
            {organisationTypeName(org.type)}
            {country ? ` · ${country.name}` : ''}
          </>
        }
      >
        {editable && !editing && (
          <button
            type="button"
            className="button button--secondary"
            ref={editButton}
            onClick={() => {
              setSaved(false);
              setEditing(true);
            }}
          >
            {t('org.edit')}
          </button>
        )}
      </PageHeader>
      {saved && !editing && <Notice kind="success">{t('org.saved')}</Notice>}
      {editing ? (
        <OrganisationForm
          org={org}
          countries={countries ?? []}
          allTypes={me?.role === 'platform_admin'}
          onCancel={() => {
            setEditing(false);
            requestAnimationFrame(() => editButton.current?.focus());
          }}
          onSaved={(updated) => {
            setOrg(updated);
            setEditing(false);
            setSaved(true);
            announce(t('org.saved'));
            if (isMine && me) setMe({ ...me, organisation: { ...me.organisation, name: updated.name } });
            requestAnimationFrame(() => editButton.current?.focus());
          }}
        />
      ) : (
        <OrganisationView org={org} country={country} />
      )}
      {canSeePeople(me, org.id) && !editing && (
        <section className="card" aria-labelledby="org-people-title">
          <h2 id="org-people-title">{t('people.title')}</h2>
          <p>{t('org.peopleLead')}</p>
          <p>
            <Link to={peoplePath}>{t('org.peopleLink', { name: org.name })}</Link>
          </p>
        </section>
      )}
    </>
  );
}

function OrganisationView({ org, country }: { org: Organisation; country: Country | undefined }) {
  useLanguage();
  const regions = useNuts(org.nuts ? org.country : '');
  const region = regions?.find((r) => r.code === org.nuts);
  const notStated = <span className="muted">{t('common.notStated')}</span>;
  return (
    <section className="card" aria-labelledby="org-profile-title">
      <h2 id="org-profile-title">{t('org.profile')}</h2>
      <dl className="facts">
        <div>
          <dt>{t('org.field.name')}</dt>
          <dd>{org.name}</dd>
        </div>
        <div>
          <dt>{t('org.field.type')}</dt>
          <dd>{organisationTypeName(org.type)}</dd>
        </div>
        <div>
          <dt>{t('org.field.country')}</dt>
          <dd data-testid="org-country">
            {country ? (
              <>
                <span className="flag" aria-hidden="true">
                  {country.flag}
                </span>{' '}
                {country.name}
              </>
            ) : (
              org.country
            )}
          </dd>
        </div>
        <div>
          <dt>{t('org.field.nuts')}</dt>
          <dd>
            {org.nuts ? (
              <>
                <span className="code">{org.nuts}</span>
                {region ? ` ${region.name}` : ''}
              </>
            ) : (
              notStated
            )}
          </dd>
        </div>
        <div>
          <dt>{t('org.field.identifiers')}</dt>
          <dd>
            {org.identifiers.length === 0 ? (
              <span className="muted">{t('org.noIdentifiers')}</span>
            ) : (
              <ul className="plain-list" data-testid="org-identifiers">
                {org.identifiers.map((i) => (
                  <li key={`${i.scheme}:${i.id}`}>
                    <span className="code">{i.scheme}</span> {i.id}
                  </li>
                ))}
              </ul>
            )}
          </dd>
        </div>
        <div>
          <dt>{t('org.field.budget')}</dt>
          <dd data-testid="org-budget">
            {org.annual_budget_eur === null ? notStated : formatEuro(org.annual_budget_eur)}
          </dd>
        </div>
        <div>
          <dt>{t('org.field.eligible')}</dt>
          <dd data-testid="org-eligible">
            <span className={`badge ${org.eligible ? 'badge--yes' : 'badge--no'}`}>
              {org.eligible ? t('common.yes') : t('common.no')}
            </span>
          </dd>
        </div>
        <div>
          <dt>{t('org.field.updated')}</dt>
          <dd>{formatDate(org.updated_at)}</dd>
        </div>
      </dl>
    </section>
  );
}

interface IdentifierRow extends Identifier {
  key: number;
}

type Errors = Record<string, string>;

const FIELD_IDS: Record<string, string> = {
  name: 'org-name',
  type: 'org-type',
  country: 'org-country',
  nuts: 'org-nuts',
  annual_budget_eur: 'org-budget',
  identifiers: 'org-add-identifier',
};

/** The element a (server or client) error field name belongs to: "identifiers[2].id" → "org-identifier-2-id". */
export function fieldIdFor(field: string): string | undefined {
  const m = field.match(/^identifiers\[(\d+)\](?:\.(scheme|id))?$/);
  if (m) return `org-identifier-${m[1]}-${m[2] ?? 'scheme'}`;
  return FIELD_IDS[field];
}

function OrganisationForm({
  org,
  countries,
  allTypes,
  onCancel,
  onSaved,
}: {
  org: Organisation;
  countries: Country[];
  allTypes: boolean;
  onCancel: () => void;
  onSaved: (org: Organisation) => void;
}) {
  const lang = useLanguage();
  const [name, setName] = useState(org.name);
  const [type, setType] = useState(org.type);
  const [country, setCountry] = useState(org.country);
  const [nuts, setNuts] = useState(org.nuts);
  const nextKey = useRef(org.identifiers.length);
  const [identifiers, setIdentifiers] = useState<IdentifierRow[]>(
    org.identifiers.map((i, key) => ({ ...i, key })),
  );
  const [budget, setBudget] = useState(amountForInput(org.annual_budget_eur, lang));
  const [types, setTypes] = useState<string[]>(ORGANISATION_TYPES);
  const [errors, setErrors] = useState<Errors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const [focusRow, setFocusRow] = useState<number | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const regions = useNuts(country);

  useEffect(() => {
    heading.current?.focus();
    api
      .organisationTypes()
      .then((list) => list.length > 0 && setTypes(list))
      .catch(() => {});
  }, []);

  useEffect(() => {
    if (focusRow !== null) {
      document.getElementById(`org-identifier-${focusRow}-scheme`)?.focus();
      setFocusRow(null);
    }
  }, [focusRow]);

  // A region from another country cannot stay selected.
  useEffect(() => {
    if (regions && nuts && !regions.some((r) => r.code === nuts)) setNuts('');
  }, [regions, nuts]);

  const market = isMarketOrganisation(org);
  const typeOptions = allTypes ? types : types.filter((ty) => isMarketOrganisation({ type: ty }) === market);
  const selectedCountry = countries.find((c) => c.code === country);

  function validate(): { errors: Errors; budget: number | null; identifiers: Identifier[] } {
    const found: Errors = {};
    if (!name.trim()) found.name = t('validation.orgNameRequired');
    const kept = identifiers
      .map((r, index) => ({ index, scheme: r.scheme.trim(), id: r.id.trim() }))
      .filter((r) => r.scheme || r.id);
    const seen = new Set<string>();
    // Errors name rows as they are on screen; empty rows are dropped only once all is valid.
    const out: Identifier[] = [];
    kept.forEach((r) => {
      const row = r.index;
      if (!r.scheme) found[`identifiers[${row}].scheme`] = t('validation.schemeRequired');
      if (!r.id) found[`identifiers[${row}].id`] = t('validation.identifierRequired');
      const k = `${r.scheme}\u0000${r.id}`;
      if (r.scheme && r.id && seen.has(k)) found[`identifiers[${row}].id`] = t('validation.identifierDuplicate');
      seen.add(k);
      out.push({ scheme: r.scheme, id: r.id });
    });
    let amount: number | null = null;
    if (budget.trim()) {
      amount = parseAmount(budget, lang);
      if (amount === null) found.annual_budget_eur = t('validation.budgetNumber');
      else if (amount > BUDGET_MAX) found.annual_budget_eur = t('validation.budgetRange');
    }
    return { errors: found, budget: amount, identifiers: out };
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    const checked = validate();
    setErrors(checked.errors);
    setProblem(null);
    setAttempt((n) => n + 1);
    if (Object.keys(checked.errors).length > 0) return;
    // Drop empty rows now so the server's identifiers[i] indices match the rows on screen.
    setIdentifiers((rows) => rows.filter((r) => r.scheme.trim() || r.id.trim()));
    setBusy(true);
    try {
      const updated = await api.updateOrganisation(org.id, {
        name: name.trim(),
        type,
        country,
        nuts,
        identifiers: checked.identifiers,
        annual_budget_eur: checked.budget,
      });
      onSaved(updated);
    } catch (err) {
      if (err instanceof ApiError && err.errors.length > 0) {
        const server: Errors = {};
        for (const fe of err.errors) server[fe.field] = fe.detail;
        setErrors(server);
        setAttempt((n) => n + 1);
        if (!err.errors.some((fe) => fieldIdFor(fe.field))) setProblem(errorMessage(err));
      } else {
        setProblem(errorMessage(err));
      }
    } finally {
      setBusy(false);
    }
  }

  function updateRow(key: number, change: Partial<Identifier>) {
    setIdentifiers((rows) => rows.map((r) => (r.key === key ? { ...r, ...change } : r)));
  }

  const summary: SummaryItem[] = Object.entries(errors).map(([field, message]) => ({
    fieldId: fieldIdFor(field),
    message: `${fieldLabel(field)}: ${message}`,
  }));

  return (
    <form className="card form" onSubmit={submit} noValidate aria-labelledby="org-edit-title">
      <h2 id="org-edit-title" tabIndex={-1} ref={heading}>
        {t('org.editTitle')}
      </h2>
      {problem && <Notice kind="error">{problem}</Notice>}
      <ErrorSummary items={summary} focusKey={attempt} />
      <TextField
        id="org-name"
        label={t('org.field.name')}
        autoComplete="organization"
        value={name}
        onChange={setName}
        error={errors.name}
      />
      <SelectField id="org-type" label={t('org.field.type')} value={type} onChange={setType} error={errors.type}>
        {typeOptions.map((ty) => (
          <option key={ty} value={ty}>
            {organisationTypeName(ty)}
          </option>
        ))}
      </SelectField>
      <SelectField
        id="org-country"
        label={t('org.field.country')}
        value={country}
        onChange={setCountry}
        error={errors.country}
      >
        {!selectedCountry && <option value={country}>{country}</option>}
        {countries.map((c) => (
          <option key={c.code} value={c.code}>
            {c.name}
          </option>
        ))}
      </SelectField>
      <SelectField
        id="org-nuts"
        label={t('org.field.nuts')}
        hint={t('org.nutsHint')}
        optional
        value={nuts}
        onChange={setNuts}
        error={errors.nuts}
        disabled={regions === null}
      >
        <option value="">{regions && regions.length === 0 ? t('org.nutsNone') : t('org.nutsChoose')}</option>
        {regions === null && nuts && <option value={nuts}>{nuts}</option>}
        {(regions ?? []).map((r) => (
          <option key={r.code} value={r.code}>
            {r.code} {r.name}
          </option>
        ))}
      </SelectField>
      <fieldset className="fieldset" aria-describedby="org-identifiers-hint">
        <legend className="fieldset__legend">{t('org.field.identifiers')}</legend>
        <p className="field__hint" id="org-identifiers-hint">
          {t('org.identifiersHint')}
        </p>
        {errors.identifiers && (
          <p className="field__error" id="org-identifiers-error">
            <span className="visually-hidden">{t('form.errorPrefix')} </span>
            {errors.identifiers}
          </p>
        )}
        {identifiers.length === 0 && <p className="muted">{t('org.noIdentifiers')}</p>}
        {identifiers.map((row, index) => {
          const n = index + 1;
          const rowError = errors[`identifiers[${index}]`];
          return (
            <div className="identifier-row" key={row.key}>
              <TextField
                id={`org-identifier-${index}-scheme`}
                fieldClassName="identifier-row__scheme"
                label={
                  <>
                    {t('org.identifierScheme')}
                    <span className="visually-hidden"> ({t('org.identifierNumber', { n })})</span>
                  </>
                }
                spellCheck={false}
                value={row.scheme}
                onChange={(v) => updateRow(row.key, { scheme: v.toUpperCase() })}
                error={errors[`identifiers[${index}].scheme`] ?? rowError}
              />
              <TextField
                id={`org-identifier-${index}-id`}
                fieldClassName="identifier-row__id"
                label={
                  <>
                    {t('org.identifierId')}
                    <span className="visually-hidden"> ({t('org.identifierNumber', { n })})</span>
                  </>
                }
                spellCheck={false}
                value={row.id}
                onChange={(v) => updateRow(row.key, { id: v })}
                error={errors[`identifiers[${index}].id`]}
              />
              <button
                type="button"
                className="button button--link identifier-row__remove"
                onClick={() => {
                  setIdentifiers((rows) => rows.filter((r) => r.key !== row.key));
                  requestAnimationFrame(() => document.getElementById('org-add-identifier')?.focus());
                }}
              >
                {t('org.removeIdentifier')}
                <span className="visually-hidden"> {t('org.identifierNumber', { n })}</span>
              </button>
            </div>
          );
        })}
        <button
          type="button"
          id="org-add-identifier"
          className="button button--secondary button--small"
          onClick={() => {
            const key = nextKey.current++;
            setIdentifiers((rows) => [...rows, { key, scheme: '', id: '' }]);
            setFocusRow(identifiers.length);
          }}
        >
          {t('org.addIdentifier')}
        </button>
      </fieldset>
      <TextField
        id="org-budget"
        label={t('org.field.budgetEur')}
        hint={t('org.budgetHint', { example: amountForInput(1250000, lang) })}
        optional
        inputMode="decimal"
        autoComplete="off"
        value={budget}
        onChange={setBudget}
        error={errors.annual_budget_eur}
        fieldClassName="field--narrow"
      />
      <div className="field">
        <p className="field__label" id="org-eligible-label">
          {t('org.field.eligible')}
        </p>
        <p id="org-eligible-value">
          <span className={`badge ${selectedCountry?.eligible ?? org.eligible ? 'badge--yes' : 'badge--no'}`}>
            {(selectedCountry?.eligible ?? org.eligible) ? t('common.yes') : t('common.no')}
          </span>{' '}
          <span className="muted">{t('org.eligibleHint')}</span>
        </p>
      </div>
      <div className="form__actions">
        <button type="submit" className="button button--primary" aria-disabled={busy || undefined}>
          {busy ? t('common.saving') : t('org.save')}
        </button>
        <button type="button" className="button button--secondary" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

function fieldLabel(field: string): string {
  const m = field.match(/^identifiers\[(\d+)\](?:\.(scheme|id))?$/);
  if (m) {
    const n = Number(m[1]) + 1;
    const part = m[2] === 'id' ? t('org.identifierId') : t('org.identifierScheme');
    return `${part} (${t('org.identifierNumber', { n })})`;
  }
  switch (field) {
    case 'name':
      return t('org.field.name');
    case 'type':
      return t('org.field.type');
    case 'country':
      return t('org.field.country');
    case 'nuts':
      return t('org.field.nuts');
    case 'identifiers':
      return t('org.field.identifiers');
    case 'annual_budget_eur':
      return t('org.field.budgetEur');
    default:
      return field;
  }
}
