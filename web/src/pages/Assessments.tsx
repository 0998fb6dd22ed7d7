// Needs assessments (docs/ASSESSMENTS.md): the ones open to my organisation with its answer's
// status, and for the secretariat every assessment and the form to prepare a new one.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError, assessmentApi, type Assessment, type CpvMatch, type ResponseStatus } from '../api';
import { CpvPicker } from '../components/CpvPicker';
import { ErrorSummary, Notice, TextAreaField, TextField, type SummaryItem } from '../components/forms';
import { Loading, PageHeader, useTitle } from '../components/page';
import { errorMessage } from '../errors';
import { assessmentStatusName, formatDay, formatNumber, responseStatusName, t, useLanguage } from '../i18n';
import { Link, navigate } from '../router';
import { sessionEnded, useSession } from '../session';

export function AssessmentsPage() {
  useLanguage();
  useTitle(t('assessments.title'));
  const { me, setMe } = useSession();
  const secretariat = me?.role === 'platform_admin';
  const [items, setItems] = useState<Assessment[] | null>(null);
  const [mine, setMine] = useState<Record<number, ResponseStatus>>({});
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    assessmentApi
      .list()
      .then((list) => {
        if (!live) return;
        setItems(list);
        if (secretariat) return;
        // The list may carry my organisation's answer; where it does not, the assessment does.
        const known: Record<number, ResponseStatus> = {};
        const unknown: Assessment[] = [];
        for (const a of list) {
          if (a.my_response !== undefined) known[a.id] = a.my_response?.status ?? 'not_started';
          else unknown.push(a);
        }
        setMine(known);
        for (const a of unknown) {
          assessmentApi
            .get(a.id)
            .then((full) => {
              if (live) setMine((m) => ({ ...m, [a.id]: full.my_response?.status ?? 'not_started' }));
            })
            .catch(() => {
              // the status stays unknown; the assessment's own page says why
            });
        }
      })
      .catch((e) => {
        if (!live || sessionEnded(e, setMe)) return;
        setLoadError(errorMessage(e));
      });
    return () => {
      live = false;
    };
  }, [setMe, secretariat]);

  return (
    <>
      <PageHeader title={t('assessments.title')} lead={t('assessments.lead')} />
      {loadError && <Notice kind="error">{loadError}</Notice>}
      {!items && !loadError && <Loading />}
      {items && items.length === 0 && <p className="card">{secretariat ? t('assessments.noneSecretariat') : t('assessments.none')}</p>}
      {items && items.length > 0 && (
        <section className="card" aria-labelledby="assessments-list-title">
          <h2 id="assessments-list-title">{t('assessments.listTitle')}</h2>
          <div className="table-wrap">
            <table className="table" data-testid="assessments">
              <caption className="visually-hidden">{t('assessments.listTitle')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('assessments.col.title')}</th>
                  <th scope="col">{t('assessments.col.status')}</th>
                  <th scope="col">{t('assessments.col.opens')}</th>
                  <th scope="col">{t('assessments.col.closes')}</th>
                  <th scope="col">{secretariat ? t('assessments.col.answers') : t('assessments.col.mine')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((a) => (
                  <tr key={a.id}>
                    <th scope="row" className="cell-name">
                      <Link to={`/assessments/${a.id}`}>{a.title}</Link>
                    </th>
                    <td>{assessmentStatusName(a.status)}</td>
                    <td>{formatDay(a.opens_on)}</td>
                    <td>{formatDay(a.closes_on)}</td>
                    <td>
                      {secretariat
                        ? t('assessments.answers', { submitted: formatNumber(a.submitted ?? 0), invited: formatNumber(a.invited ?? 0) })
                        : mine[a.id]
                          ? responseStatusName(mine[a.id])
                          : '…'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
      {secretariat && <CreateAssessment />}
    </>
  );
}

interface AreaDraft {
  uid: number;
  key: string;
  keyEdited: boolean;
  name: string;
  description: string;
  cpv: Array<Pick<CpvMatch, 'code' | 'label'>>;
}

/** A key for the optimiser from an area's name: "EV trucks" → "ev-trucks". */
export function areaKey(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
}

/** The eight digits of a CPV code, without the check digit the picker shows ("34144511-3" → "34144511"). */
export function cpvDigits(code: string): string {
  return code.replace(/-\d$/, '');
}

const KEY_PATTERN = /^[a-z0-9][a-z0-9-]*$/;

const FIELD_IDS: Record<string, string> = {
  title: 'assessment-title',
  description: 'assessment-description',
  months_ahead: 'assessment-months',
  opens_on: 'assessment-opens',
  closes_on: 'assessment-closes',
  areas: 'assessment-add-area',
};

/** The id of the control a server field path names: "areas[1].key" → "area-1-key". */
export function assessmentFieldId(field: string): string | undefined {
  const m = field.match(/^areas\[(\d+)\]\.(key|name|description|cpv)/);
  if (m) return m[2] === 'cpv' ? `area-${m[1]}-name` : `area-${m[1]}-${m[2]}`;
  return FIELD_IDS[field];
}

let nextUid = 1;
function emptyArea(): AreaDraft {
  return { uid: nextUid++, key: '', keyEdited: false, name: '', description: '', cpv: [] };
}

function CreateAssessment() {
  const { setMe, announce } = useSession();
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [months, setMonths] = useState('12');
  const [opens, setOpens] = useState('');
  const [closes, setCloses] = useState('');
  const [areas, setAreas] = useState<AreaDraft[]>(() => [emptyArea()]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [summary, setSummary] = useState<SummaryItem[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const focusArea = useRef<number | null>(null);

  useEffect(() => {
    if (focusArea.current === null) return;
    document.getElementById(`area-${focusArea.current}-name`)?.focus();
    focusArea.current = null;
  }, [areas.length]);

  function change(i: number, patch: Partial<AreaDraft>) {
    setAreas((list) => list.map((a, j) => (j === i ? { ...a, ...patch } : a)));
  }

  function fail(next: Record<string, string>) {
    setErrors(next);
    setSummary(Object.entries(next).map(([id, message]) => ({ fieldId: id, message })));
    setAttempt((a) => a + 1);
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setProblem(null);
    const next: Record<string, string> = {};
    if (!title.trim()) next['assessment-title'] = t('assessments.titleRequired');
    const m = Number(months);
    if (!/^\d+$/.test(months.trim()) || m < 1 || m > 60) next['assessment-months'] = t('assessments.monthsInvalid');
    if (!opens) next['assessment-opens'] = t('assessments.opensRequired');
    if (!closes) next['assessment-closes'] = t('assessments.closesRequired');
    else if (opens && closes < opens) next['assessment-closes'] = t('assessments.closesAfterOpens');
    if (areas.length === 0) next['assessment-add-area'] = t('assessments.areaRequired');
    const seen = new Set<string>();
    areas.forEach((a, i) => {
      const n = i + 1;
      if (!a.name.trim()) next[`area-${i}-name`] = t('assessments.areaNameRequired', { n });
      const key = a.key.trim();
      if (!key) next[`area-${i}-key`] = t('assessments.areaKeyRequired', { n });
      else if (!KEY_PATTERN.test(key)) next[`area-${i}-key`] = t('assessments.areaKeyInvalid', { n });
      else if (seen.has(key)) next[`area-${i}-key`] = t('assessments.areaKeyDuplicate', { n });
      seen.add(key);
    });
    if (Object.keys(next).length) return fail(next);
    setErrors({});
    setSummary([]);
    setBusy(true);
    try {
      const created = await assessmentApi.create({
        title: title.trim(),
        description: description.trim(),
        months_ahead: m,
        opens_on: opens,
        closes_on: closes,
        areas: areas.map((a) => ({ key: a.key.trim(), name: a.name.trim(), description: a.description.trim(), cpv: a.cpv.map((c) => cpvDigits(c.code)) })),
      });
      announce(t('assessments.created', { title: created.title }));
      navigate(`/assessments/${created.id}/progress`);
    } catch (err) {
      if (sessionEnded(err, setMe)) return;
      if (err instanceof ApiError && err.errors.length) {
        fail(Object.fromEntries(err.errors.map((x) => [assessmentFieldId(x.field) ?? x.field, x.detail])));
      } else setProblem(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="create-assessment-title">
      <h2 id="create-assessment-title">{t('assessments.create')}</h2>
      <p>{t('assessments.createLead')}</p>
      <ErrorSummary items={summary} focusKey={attempt} />
      {problem && <Notice kind="error">{problem}</Notice>}
      <form className="form" onSubmit={submit} noValidate>
        <TextField id="assessment-title" label={t('assessments.titleField')} value={title} onChange={setTitle} error={errors['assessment-title']} maxLength={200} />
        <TextAreaField
          id="assessment-description"
          label={t('assessments.description')}
          hint={t('assessments.descriptionHint')}
          optional
          value={description}
          onChange={setDescription}
        />
        <TextField
          id="assessment-months"
          label={t('assessments.monthsAhead')}
          hint={t('assessments.monthsHint')}
          inputMode="numeric"
          value={months}
          onChange={setMonths}
          error={errors['assessment-months']}
        />
        <TextField id="assessment-opens" type="date" label={t('assessments.opensOn')} value={opens} onChange={setOpens} error={errors['assessment-opens']} />
        <TextField
          id="assessment-closes"
          type="date"
          label={t('assessments.closesOn')}
          hint={t('assessments.closesHint')}
          value={closes}
          onChange={setCloses}
          error={errors['assessment-closes']}
        />
        <h3>{t('assessments.areas')}</h3>
        <p className="field__hint">{t('assessments.areasHint')}</p>
        {errors['assessment-add-area'] && <p className="field__error">{errors['assessment-add-area']}</p>}
        {areas.map((a, i) => (
          <fieldset key={a.uid} className="fieldset repeat-block" data-testid="area-draft">
            <legend className="fieldset__legend">{t('assessments.areaLegend', { n: i + 1 })}</legend>
            <TextField
              id={`area-${i}-name`}
              label={t('assessments.areaName')}
              value={a.name}
              onChange={(v) => change(i, a.keyEdited ? { name: v } : { name: v, key: areaKey(v) })}
              error={errors[`area-${i}-name`]}
              maxLength={200}
            />
            <TextField
              id={`area-${i}-key`}
              label={t('assessments.areaKey')}
              hint={t('assessments.areaKeyHint')}
              value={a.key}
              onChange={(v) => change(i, { key: v, keyEdited: true })}
              error={errors[`area-${i}-key`]}
              maxLength={40}
              spellCheck={false}
              autoCapitalize="off"
            />
            <TextAreaField
              id={`area-${i}-description`}
              label={t('assessments.areaDescription')}
              optional
              rows={2}
              value={a.description}
              onChange={(v) => change(i, { description: v })}
            />
            <CpvPicker
              label={t('assessments.areaCpv', { n: i + 1 })}
              hint={t('assessments.areaCpvHint')}
              picked={a.cpv.map((c) => c.code)}
              onPick={(match) =>
                change(i, { cpv: a.cpv.some((c) => c.code === match.code) ? a.cpv : [...a.cpv, { code: match.code, label: match.label }] })
              }
            />
            {a.cpv.length > 0 && (
              <ul className="picked-list" aria-label={t('assessments.areaCpvPicked', { n: i + 1 })}>
                {a.cpv.map((c) => (
                  <li key={c.code} className="picked-list__item">
                    <span className="code">{c.code}</span>
                    <span className="picked-list__label">{c.label}</span>
                    <button
                      type="button"
                      className="button button--link"
                      onClick={() => change(i, { cpv: a.cpv.filter((x) => x.code !== c.code) })}
                    >
                      {t('cpv.remove')}
                      <span className="visually-hidden">
                        {' '}
                        {c.code} {c.label}
                      </span>
                    </button>
                  </li>
                ))}
              </ul>
            )}
            {areas.length > 1 && (
              <p>
                <button type="button" className="button button--secondary button--small" onClick={() => setAreas((list) => list.filter((x) => x.uid !== a.uid))}>
                  {t('assessments.removeArea', { n: i + 1 })}
                </button>
              </p>
            )}
          </fieldset>
        ))}
        <p>
          <button
            id="assessment-add-area"
            type="button"
            className="button button--secondary"
            onClick={() => {
              focusArea.current = areas.length;
              setAreas((list) => [...list, emptyArea()]);
            }}
          >
            {t('assessments.addArea')}
          </button>
        </p>
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? t('common.saving') : t('assessments.createSubmit')}
          </button>
        </div>
      </form>
    </section>
  );
}
