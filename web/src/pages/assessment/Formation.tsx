// Group formation: the secretariat sets the optimiser's parameters, solves, reads the result
// and why each organisation is or is not in each group, adjusts and solves again, and finally
// creates the working groups (Step 4 communities) from a result.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import {
  assessmentApi,
  instanceUrl,
  type Assessment,
  type Assignment,
  type CreatedGroups,
  type Formation,
  type FormationParameters,
} from '../../api';
import { CheckboxField, ErrorSummary, Notice, TextField, type SummaryItem } from '../../components/forms';
import { Loading } from '../../components/page';
import { errorMessage } from '../../errors';
import { formatDateTime, formatNumber, hasKey, solveStatusName, t, useLanguage } from '../../i18n';
import { Link } from '../../router';
import { sessionEnded, useSession } from '../../session';
import { useResource } from '../community/shared';

interface Fields {
  k: string;
  openAreas: string[];
  minSize: string;
  maxSize: string;
  m: string;
  requireLead: boolean;
  maxPerCountry: string;
  pinned: Assignment[];
  forbidden: Assignment[];
}

function fieldsFrom(p: FormationParameters | null, areaCount: number): Fields {
  const s = (n: number | undefined) => (n === undefined || n === null ? '' : String(n));
  return {
    k: p ? String(p.max_open_areas) : String(Math.max(1, areaCount)),
    openAreas: p?.open_areas ?? [],
    minSize: s(p?.min_size),
    maxSize: s(p?.max_size),
    m: s(p?.max_groups_per_organisation),
    requireLead: p?.require_lead ?? false,
    maxPerCountry: s(p?.max_per_country),
    pinned: p?.pinned ?? [],
    forbidden: p?.forbidden ?? [],
  };
}

const WHOLE = /^\d+$/;

/** The parameters the fields describe, or the problems with them (keyed by field id). */
export function parametersFrom(f: Fields): { parameters: FormationParameters | null; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const whole = (id: string, text: string, required: boolean, message: string): number | undefined => {
    const v = text.trim();
    if (!v) {
      if (required) errors[id] = message;
      return undefined;
    }
    if (!WHOLE.test(v) || Number(v) < 1) {
      errors[id] = message;
      return undefined;
    }
    return Number(v);
  };
  const k = whole('formation-k', f.k, true, t('formation.kInvalid'));
  const minSize = whole('formation-min', f.minSize, false, t('formation.sizeInvalid'));
  const maxSize = whole('formation-max', f.maxSize, false, t('formation.sizeInvalid'));
  const m = whole('formation-m', f.m, false, t('formation.mInvalid'));
  const maxPerCountry = whole('formation-country', f.maxPerCountry, false, t('formation.countryInvalid'));
  if (minSize !== undefined && maxSize !== undefined && minSize > maxSize) errors['formation-max'] = t('formation.maxBelowMin');
  if (Object.keys(errors).length || k === undefined) return { parameters: null, errors };
  return {
    parameters: {
      max_open_areas: k,
      ...(f.openAreas.length ? { open_areas: f.openAreas } : {}),
      ...(minSize !== undefined ? { min_size: minSize } : {}),
      ...(maxSize !== undefined ? { max_size: maxSize } : {}),
      ...(m !== undefined ? { max_groups_per_organisation: m } : {}),
      require_lead: f.requireLead,
      ...(maxPerCountry !== undefined ? { max_per_country: maxPerCountry } : {}),
      ...(f.pinned.length ? { pinned: f.pinned } : {}),
      ...(f.forbidden.length ? { forbidden: f.forbidden } : {}),
    },
    errors,
  };
}

export function FormationPanel({ assessment: a }: { assessment: Assessment }) {
  useLanguage();
  const { setMe, announce } = useSession();
  const formations = useResource(() => assessmentApi.formations(a.id), String(a.id));
  const progress = useResource(() => assessmentApi.progress(a.id), String(a.id));
  const [fields, setFields] = useState<Fields>(() => fieldsFrom(null, a.areas.length));
  const touched = useRef(false);
  const [current, setCurrent] = useState<Formation | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [summary, setSummary] = useState<SummaryItem[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // The latest run's parameters are the starting point for the next one.
  const latest = formations.data?.[0] ?? null;
  useEffect(() => {
    if (latest && !touched.current) setFields(fieldsFrom(latest.parameters, a.areas.length));
  }, [latest, a.areas.length]);

  const set = (patch: Partial<Fields>) => {
    touched.current = true;
    setFields((f) => ({ ...f, ...patch }));
  };

  // Organisations that can be pinned or forbidden: those that have answered.
  const candidates = (progress.data ?? [])
    .filter((p) => p.status === 'submitted')
    .map((p) => ({ id: `org-${p.organisation.id}`, name: p.organisation.name }));
  const shown = current ?? latest;
  const areaName = (key: string) => a.areas.find((x) => x.key === key)?.name ?? key;
  const orgName = (id: string, f?: Formation | null) =>
    f?.organisations[id]?.name ?? candidates.find((c) => c.id === id)?.name ?? id;

  async function solve(e: FormEvent) {
    e.preventDefault();
    setProblem(null);
    const { parameters, errors: found } = parametersFrom(fields);
    if (!parameters) {
      setErrors(found);
      setSummary(Object.entries(found).map(([id, message]) => ({ fieldId: id, message })));
      setAttempt((n) => n + 1);
      return;
    }
    setErrors({});
    setSummary([]);
    setBusy(true);
    try {
      const f = await assessmentApi.solve(a.id, parameters);
      setCurrent(f);
      announce(statusSentence(f));
      window.requestAnimationFrame(() => document.getElementById('formation-result-title')?.focus());
    } catch (err) {
      if (sessionEnded(err, setMe)) return;
      setProblem(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  const preview = parametersFrom(fields).parameters ?? shown?.parameters ?? { max_open_areas: Math.max(1, a.areas.length) };

  return (
    <>
      <h2 id="panel-title" tabIndex={-1}>
        {t('assessment.tab.formation')}
      </h2>
      <section className="card" aria-labelledby="formation-params-title">
        <h3 id="formation-params-title">{t('formation.parameters')}</h3>
        <p>{t('formation.lead')}</p>
        <ErrorSummary items={summary} focusKey={attempt} />
        {problem && <Notice kind="error">{problem}</Notice>}
        <form className="form" onSubmit={solve} noValidate>
          <TextField
            id="formation-k"
            label={t('formation.k')}
            hint={t('formation.kHint', { count: a.areas.length })}
            inputMode="numeric"
            value={fields.k}
            onChange={(v) => set({ k: v })}
            error={errors['formation-k']}
          />
          <fieldset className="fieldset">
            <legend className="fieldset__legend">{t('formation.openAreas')}</legend>
            <p className="field__hint">{t('formation.openAreasHint')}</p>
            <ul className="check-list">
              {a.areas.map((area) => (
                <li key={area.key}>
                  <CheckboxField
                    id={`formation-open-${area.key}`}
                    label={area.name}
                    checked={fields.openAreas.includes(area.key)}
                    onChange={(on) =>
                      set({ openAreas: on ? a.areas.map((x) => x.key).filter((k) => k === area.key || fields.openAreas.includes(k)) : fields.openAreas.filter((k) => k !== area.key) })
                    }
                  />
                </li>
              ))}
            </ul>
          </fieldset>
          <div className="repeat-row">
            <TextField id="formation-min" label={t('formation.minSize')} optional inputMode="numeric" value={fields.minSize} onChange={(v) => set({ minSize: v })} error={errors['formation-min']} />
            <TextField id="formation-max" label={t('formation.maxSize')} optional inputMode="numeric" value={fields.maxSize} onChange={(v) => set({ maxSize: v })} error={errors['formation-max']} />
          </div>
          <TextField
            id="formation-m"
            label={t('formation.m')}
            hint={t('formation.mHint')}
            optional
            inputMode="numeric"
            value={fields.m}
            onChange={(v) => set({ m: v })}
            error={errors['formation-m']}
          />
          <TextField
            id="formation-country"
            label={t('formation.maxPerCountry')}
            optional
            inputMode="numeric"
            value={fields.maxPerCountry}
            onChange={(v) => set({ maxPerCountry: v })}
            error={errors['formation-country']}
          />
          <CheckboxField id="formation-lead" label={t('formation.requireLead')} checked={fields.requireLead} onChange={(on) => set({ requireLead: on })} />
          <PairPicker
            id="pin"
            legend={t('formation.pinned')}
            hint={t('formation.pinnedHint')}
            addLabel={t('formation.addPinned')}
            pairs={fields.pinned}
            candidates={candidates}
            assessment={a}
            onChange={(pinned) => set({ pinned })}
          />
          <PairPicker
            id="forbid"
            legend={t('formation.forbidden')}
            hint={t('formation.forbiddenHint')}
            addLabel={t('formation.addForbidden')}
            pairs={fields.forbidden}
            candidates={candidates}
            assessment={a}
            onChange={(forbidden) => set({ forbidden })}
          />
          <div className="form__actions">
            <button type="submit" className="button button--primary" disabled={busy}>
              {busy ? t('formation.solving') : t('formation.solve')}
            </button>
            <a className="button button--secondary" href={instanceUrl(a.id, preview)} download data-testid="instance-link">
              {t('formation.downloadInstance')}
            </a>
          </div>
        </form>
      </section>
      {formations.error && <Notice kind="error">{formations.error}</Notice>}
      {!formations.data && !formations.error && <Loading />}
      {shown && (
        <FormationResult key={shown.id} assessment={a} formation={shown} areaName={areaName} orgName={(id) => orgName(id, shown)} />
      )}
      {formations.data && !shown && <p className="card">{t('formation.noRunYet')}</p>}
    </>
  );
}

function statusSentence(f: Formation): string {
  const r = f.result;
  const objective = formatNumber(r.objective ?? 0);
  if (r.status === 'infeasible') return t('formation.infeasibleTitle');
  if (r.status === 'time_limit') return t('formation.timeLimit', { objective, gap: formatNumber(r.gap ?? 0, { style: 'percent', maximumFractionDigits: 1 }) });
  return t('formation.optimal', { objective });
}

/** A stable code the app translates, else the optimiser's own (English) sentence. */
function explained(code: string | undefined, reason: string): string {
  const key = `formation.code.${code ?? ''}`;
  return code && hasKey(key) ? t(key) : reason;
}

function FormationResult({
  assessment: a,
  formation: f,
  areaName,
  orgName,
}: {
  assessment: Assessment;
  formation: Formation;
  areaName: (key: string) => string;
  orgName: (id: string) => string;
}) {
  const { setMe, announce } = useSession();
  const [created, setCreated] = useState<CreatedGroups | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const r = f.result;
  const groups = Object.entries(r.groups);
  const explanation = r.explanation;
  const orgIds = Object.keys(explanation.organisations);

  async function create() {
    setBusy(true);
    setProblem(null);
    try {
      const c = await assessmentApi.createGroups(a.id, f.id);
      setCreated(c);
      announce(t('formation.groupsCreated', { count: formatNumber(c.groups.length) }));
    } catch (e) {
      if (sessionEnded(e, setMe)) return;
      setProblem(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="formation-result-title" data-testid="formation-result">
      <h3 id="formation-result-title" tabIndex={-1}>
        {t('formation.result')}
      </h3>
      <dl className="facts facts--compact" data-testid="formation-facts">
        <div>
          <dt>{t('formation.status')}</dt>
          <dd>{solveStatusName(r.status)}</dd>
        </div>
        {r.objective !== null && r.objective !== undefined && (
          <div>
            <dt>{t('formation.objective')}</dt>
            <dd>{formatNumber(r.objective)}</dd>
          </div>
        )}
        <div>
          <dt>{t('formation.solvedAt')}</dt>
          <dd>{t('formation.solvedIn', { date: formatDateTime(f.created_at), seconds: formatNumber(r.seconds ?? 0, { maximumFractionDigits: 2 }) })}</dd>
        </div>
      </dl>
      {r.status === 'infeasible' ? (
        <div className="notice notice--info" data-testid="infeasible">
          <p className="notice__title">{t('formation.infeasibleTitle')}</p>
          {explanation.infeasible && (
            <p>
              {t('formation.infeasibleConstraint')} <strong>{explained(explanation.infeasible.constraint, explanation.infeasible.detail)}</strong>
              {explained(explanation.infeasible.constraint, explanation.infeasible.detail) !== explanation.infeasible.detail && (
                <span className="muted"> ({explanation.infeasible.detail})</span>
              )}
            </p>
          )}
          <p>{t('formation.infeasibleHint')}</p>
        </div>
      ) : (
        <p data-testid="formation-status">{statusSentence(f)}</p>
      )}

      {groups.length > 0 && (
        <>
          <h4>{t('formation.groups')}</h4>
          <ul className="group-list" data-testid="groups">
            {groups.map(([key, members]) => (
              <li key={key} className="group-list__item" data-area={key}>
                <p className="group-list__title">
                  <strong>{areaName(key)}</strong> <span className="muted">{t('formation.memberCount', { count: formatNumber(members.length) })}</span>
                </p>
                <ul className="plain-list">
                  {members.map((m) => (
                    <li key={m}>{orgName(m)}</li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </>
      )}

      {explanation.binding.length > 0 && (
        <>
          <h4>{t('formation.binding')}</h4>
          <p className="field__hint">{t('formation.bindingHint')}</p>
          <ul className="plain-list" data-testid="binding">
            {explanation.binding.map((b, i) => (
              <li key={i}>
                <span className="badge">{b.constraint}</span> {b.detail}
              </li>
            ))}
          </ul>
        </>
      )}

      {Object.keys(explanation.areas).length > 0 && (
        <>
          <h4>{t('formation.areasExplained')}</h4>
          <ul className="plain-list" data-testid="areas-explained">
            {Object.entries(explanation.areas).map(([key, v]) => (
              <li key={key}>
                <strong>{areaName(key)}</strong>: {v.open ? t('formation.areaOpen') : t('formation.areaClosed')} – {explained(v.code, v.reason)}
              </li>
            ))}
          </ul>
        </>
      )}

      {orgIds.length > 0 && (
        <>
          <h4>{t('formation.organisations')}</h4>
          <div data-testid="org-explanations">
            {orgIds.map((id) => {
              const rows = explanation.organisations[id] ?? [];
              const inAreas = rows.filter((x) => x.in).map((x) => areaName(x.area));
              return (
                <details key={id} className="explain">
                  <summary>
                    {orgName(id)}
                    {': '}
                    {inAreas.length ? t('formation.inGroups', { areas: inAreas.join(', ') }) : t('formation.inNoGroup')}
                  </summary>
                  <ul className="plain-list">
                    {rows.map((x) => (
                      <li key={x.area}>
                        <strong>{areaName(x.area)}</strong>: {x.in ? t('formation.isIn') : t('formation.isNotIn')} – {explained(x.code, x.reason)}
                      </li>
                    ))}
                  </ul>
                </details>
              );
            })}
          </div>
        </>
      )}

      {r.status !== 'infeasible' && groups.length > 0 && (
        <div className="create-groups">
          <h4>{t('formation.createTitle')}</h4>
          <p>{t('formation.createLead')}</p>
          {problem && <Notice kind="error">{problem}</Notice>}
          {created ? (
            <div className="notice notice--success" data-testid="created-groups">
              <p className="notice__title">{t('formation.groupsCreated', { count: formatNumber(created.groups.length) })}</p>
              <ul className="plain-list">
                {created.groups.map((g) => (
                  <li key={g.community_id}>
                    <Link to={`/communities/${g.community_id}`}>{t('formation.groupLink', { area: areaName(g.area) })}</Link>
                  </li>
                ))}
                {created.observer_group !== null && (
                  <li>
                    <Link to={`/communities/${created.observer_group}`}>{t('formation.observerLink')}</Link>
                  </li>
                )}
              </ul>
            </div>
          ) : (
            <button type="button" className="button button--primary" onClick={create} disabled={busy}>
              {busy ? t('common.saving') : t('formation.create')}
            </button>
          )}
        </div>
      )}
    </section>
  );
}

function PairPicker({
  id,
  legend,
  hint,
  addLabel,
  pairs,
  candidates,
  assessment: a,
  onChange,
}: {
  id: string;
  legend: string;
  hint: string;
  addLabel: string;
  pairs: Assignment[];
  candidates: Array<{ id: string; name: string }>;
  assessment: Assessment;
  onChange: (pairs: Assignment[]) => void;
}) {
  const [org, setOrg] = useState('');
  const [area, setArea] = useState('');
  const name = (oid: string) => candidates.find((c) => c.id === oid)?.name ?? oid;
  const areaName = (key: string) => a.areas.find((x) => x.key === key)?.name ?? key;
  const add = () => {
    if (!org || !area || pairs.some((p) => p.organisation === org && p.area === area)) return;
    onChange([...pairs, { organisation: org, area }]);
  };
  return (
    <fieldset className="fieldset repeat-block" data-testid={`pairs-${id}`}>
      <legend className="fieldset__legend">{legend}</legend>
      <p className="field__hint">{hint}</p>
      {pairs.length > 0 && (
        <ul className="plain-list">
          {pairs.map((p) => (
            <li key={`${p.organisation}/${p.area}`}>
              {t('formation.pair', { organisation: name(p.organisation), area: areaName(p.area) })}{' '}
              <button
                type="button"
                className="button button--link"
                onClick={() => onChange(pairs.filter((x) => !(x.organisation === p.organisation && x.area === p.area)))}
              >
                {t('cpv.remove')}
                <span className="visually-hidden"> {t('formation.pair', { organisation: name(p.organisation), area: areaName(p.area) })}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="repeat-row">
        <div className="field">
          <label className="field__label" htmlFor={`formation-${id}-org`}>
            {t('formation.pairOrganisation')}
          </label>
          <select id={`formation-${id}-org`} className="select" value={org} onChange={(e) => setOrg(e.target.value)}>
            <option value="">{t('formation.choose')}</option>
            {candidates.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field__label" htmlFor={`formation-${id}-area`}>
            {t('formation.pairArea')}
          </label>
          <select id={`formation-${id}-area`} className="select" value={area} onChange={(e) => setArea(e.target.value)}>
            <option value="">{t('formation.choose')}</option>
            {a.areas.map((x) => (
              <option key={x.key} value={x.key}>
                {x.name}
              </option>
            ))}
          </select>
        </div>
        <p className="repeat-row__action">
          <button type="button" className="button button--secondary" onClick={add} disabled={!org || !area}>
            {addLabel}
          </button>
        </p>
      </div>
    </fieldset>
  );
}
