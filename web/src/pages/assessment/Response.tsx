// My organisation's answer to a needs assessment: per area the interest (none to high), the
// preferred role and the planned procurements; then challenges and "observer only". Saved as a
// draft or submitted (PUT /response), and editable while the assessment is open.
import { useState, type FormEvent } from 'react';
import {
  AREA_ROLES,
  INTEREST_LEVELS,
  assessmentApi,
  type Area,
  type AreaAnswer,
  type AreaRole,
  type Assessment,
  type AssessmentResponse,
  type Interest,
} from '../../api';
import { CheckboxField, ErrorSummary, Notice, SelectField, TextAreaField, TextField, type SummaryItem } from '../../components/forms';
import { errorMessage } from '../../errors';
import {
  amountForInput,
  areaRoleName,
  formatDateTime,
  formatDay,
  interestName,
  parseAmount,
  responseStatusName,
  t,
  useLanguage,
} from '../../i18n';
import { sessionEnded, useSession } from '../../session';
import { CommitmentNote } from './Assessment';

interface Row {
  uid: number;
  cpv: string;
  value: string;
  timing: string;
  description: string;
}

interface AreaState {
  interest: Interest;
  role: AreaRole | '';
  planned: Row[];
}

let nextUid = 1;
const emptyRow = (): Row => ({ uid: nextUid++, cpv: '', value: '', timing: '', description: '' });

function initialAreas(a: Assessment): Record<number, AreaState> {
  const out: Record<number, AreaState> = {};
  for (const area of a.areas) {
    const given = a.my_response?.areas.find((x) => x.area_id === area.id);
    out[area.id] = {
      interest: given?.interest ?? 0,
      role: given?.role ?? '',
      planned: (given?.planned ?? []).map((p) => ({
        uid: nextUid++,
        cpv: p.cpv,
        value: amountForInput(p.estimated_value_eur),
        timing: p.timing,
        description: p.description ?? '',
      })),
    };
  }
  return out;
}

const CPV_PATTERN = /^(\d{8})(-\d)?$/;
const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

export function ResponseForm({ assessment: a, onSaved }: { assessment: Assessment; onSaved: (r: AssessmentResponse) => void }) {
  useLanguage();
  const { me, setMe, announce } = useSession();
  const [areas, setAreas] = useState<Record<number, AreaState>>(() => initialAreas(a));
  const [challenges, setChallenges] = useState(a.my_response?.challenges ?? '');
  const [observer, setObserver] = useState(a.my_response?.observer_only ?? false);
  const [response, setResponse] = useState<AssessmentResponse | null>(a.my_response ?? null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [summary, setSummary] = useState<SummaryItem[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const editable = a.status === 'open';

  function patch(areaId: number, change: Partial<AreaState>) {
    setAreas((all) => ({ ...all, [areaId]: { ...all[areaId], ...change } }));
  }
  function patchRow(areaId: number, uid: number, change: Partial<Row>) {
    setAreas((all) => ({
      ...all,
      [areaId]: { ...all[areaId], planned: all[areaId].planned.map((r) => (r.uid === uid ? { ...r, ...change } : r)) },
    }));
  }

  function fail(next: Record<string, string>) {
    setErrors(next);
    setSummary(Object.entries(next).map(([id, message]) => ({ fieldId: id, message })));
    setAttempt((n) => n + 1);
  }

  async function save(submit: boolean) {
    if (busy) return;
    setProblem(null);
    setDone(null);
    const next: Record<string, string> = {};
    const answers: AreaAnswer[] = a.areas.map((area) => {
      const s = areas[area.id];
      return {
        area_id: area.id,
        interest: s.interest,
        role: s.role === '' ? null : s.role,
        planned: s.planned.map((row, i) => {
          const id = `area-${area.id}-planned-${i}`;
          const where = { area: area.name, n: i + 1 };
          const cpv = row.cpv.trim().match(CPV_PATTERN);
          if (!cpv) next[`${id}-cpv`] = t('response.cpvInvalid', where);
          const value = parseAmount(row.value);
          if (value === null) next[`${id}-value`] = t('response.valueInvalid', where);
          if (!MONTH_PATTERN.test(row.timing.trim())) next[`${id}-timing`] = t('response.timingInvalid', where);
          return { cpv: cpv ? cpv[1] : row.cpv.trim(), estimated_value_eur: value ?? 0, timing: row.timing.trim(), description: row.description.trim() };
        }),
      };
    });
    if (Object.keys(next).length) return fail(next);
    setErrors({});
    setSummary([]);
    setBusy(true);
    try {
      const saved = await assessmentApi.respond(a.id, { observer_only: observer, challenges: challenges.trim(), areas: answers, submit });
      setResponse(saved);
      onSaved(saved);
      const message = submit ? t('response.submitted', { date: formatDay(a.closes_on) }) : t('response.draftSaved');
      setDone(message);
      announce(message);
    } catch (e) {
      if (sessionEnded(e, setMe)) return;
      setProblem(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void save(true);
  };

  const status = response?.status ?? 'not_started';
  return (
    <>
      <h2 id="panel-title" tabIndex={-1}>
        {t('response.title', { organisation: response?.organisation.name ?? me?.organisation.name ?? '' })}
      </h2>
      <CommitmentNote note={a.commitment_note} />
      {a.description && (
        <div className="card">
          <p className="prose">{a.description}</p>
          <p className="muted">{t('response.monthsAhead', { months: a.months_ahead })}</p>
        </div>
      )}
      <div className="card" data-testid="response-status">
        <p>
          <strong>{t('response.statusLabel')}</strong> {responseStatusName(status)}
          {response?.updated_at && (
            <span className="muted">
              {' '}
              ·{' '}
              {response.updated_by
                ? t('response.lastSavedBy', { date: formatDateTime(response.updated_at), name: response.updated_by.name })
                : t('response.lastSaved', { date: formatDateTime(response.updated_at) })}
            </span>
          )}
        </p>
        {status === 'submitted' && response?.submitted_at && <p>{t('response.submittedOn', { date: formatDateTime(response.submitted_at) })}</p>}
        {editable ? (
          <p>{t('response.editableUntil', { date: formatDay(a.closes_on) })}</p>
        ) : (
          <p>{a.status === 'closed' ? t('response.closed', { date: formatDay(a.closes_on) }) : t('response.notYetOpen', { date: formatDay(a.opens_on) })}</p>
        )}
      </div>
      <ErrorSummary items={summary} focusKey={attempt} />
      {problem && (
        <Notice kind="error">
          <p data-testid="response-problem">{problem}</p>
        </Notice>
      )}
      {done && <Notice kind="success">{done}</Notice>}
      <form className="form" onSubmit={onSubmit} noValidate>
        <fieldset className="fieldset" disabled={!editable}>
          <legend className="visually-hidden">{t('response.formLegend')}</legend>
          {a.areas.map((area) => (
            <AreaAnswerFields
              key={area.id}
              area={area}
              state={areas[area.id]}
              errors={errors}
              onChange={(c) => patch(area.id, c)}
              onRow={(uid, c) => patchRow(area.id, uid, c)}
            />
          ))}
          <section className="card" aria-labelledby="general-title">
            <h3 id="general-title">{t('response.general')}</h3>
            <TextAreaField
              id="response-challenges"
              label={t('response.challenges')}
              hint={t('response.challengesHint')}
              optional
              value={challenges}
              onChange={setChallenges}
              maxLength={5000}
            />
            <CheckboxField id="response-observer" label={t('response.observerOnly')} checked={observer} onChange={setObserver} />
          </section>
          <div className="form__actions">
            <button type="button" className="button button--secondary" onClick={() => void save(false)}>
              {busy ? t('common.saving') : t('response.saveDraft')}
            </button>
            <button type="submit" className="button button--primary" aria-disabled={busy || undefined}>
              {status === 'submitted' ? t('response.resubmit') : t('response.submit')}
            </button>
          </div>
        </fieldset>
      </form>
    </>
  );
}

function AreaAnswerFields({
  area,
  state,
  errors,
  onChange,
  onRow,
}: {
  area: Area;
  state: AreaState;
  errors: Record<string, string>;
  onChange: (c: Partial<AreaState>) => void;
  onRow: (uid: number, c: Partial<Row>) => void;
}) {
  const base = `area-${area.id}`;
  const listId = `${base}-cpv-list`;
  return (
    <section className="card" aria-labelledby={`${base}-title`} data-testid="area-answer">
      <h3 id={`${base}-title`}>{area.name}</h3>
      {area.description && <p className="prose">{area.description}</p>}
      {area.cpv.length > 0 && <p className="muted">{t('assessment.cpvCodes', { codes: area.cpv.join(', ') })}</p>}
      <fieldset className="fieldset">
        <legend className="fieldset__legend">{t('response.interest', { area: area.name })}</legend>
        <div className="radio-row">
          {INTEREST_LEVELS.map((level) => (
            <div key={level} className="checkbox-field">
              <input
                id={`${base}-interest-${level}`}
                type="radio"
                name={`${base}-interest`}
                className="checkbox"
                value={level}
                checked={state.interest === level}
                onChange={() => onChange({ interest: level })}
              />
              <label htmlFor={`${base}-interest-${level}`}>{interestName(level)}</label>
            </div>
          ))}
        </div>
      </fieldset>
      <SelectField
        id={`${base}-role`}
        label={t('response.role', { area: area.name })}
        hint={t('response.roleHint')}
        optional
        value={state.role}
        onChange={(v) => onChange({ role: v as AreaRole | '' })}
      >
        <option value="">{t('response.noRole')}</option>
        {AREA_ROLES.map((r) => (
          <option key={r} value={r}>
            {areaRoleName(r)}
          </option>
        ))}
      </SelectField>
      <h4>{t('response.planned')}</h4>
      {state.planned.length === 0 && <p className="muted">{t('response.noPlanned')}</p>}
      <datalist id={listId}>
        {area.cpv.map((c) => (
          <option key={c} value={c} />
        ))}
      </datalist>
      {state.planned.map((row, i) => {
        const id = `${base}-planned-${i}`;
        return (
          <fieldset key={row.uid} className="fieldset repeat-block" data-testid="planned-row">
            <legend className="fieldset__legend">{t('response.plannedLegend', { area: area.name, n: i + 1 })}</legend>
            <div className="repeat-row">
              <TextField
                id={`${id}-cpv`}
                label={t('response.cpv')}
                hint={t('response.cpvHint')}
                list={listId}
                inputMode="numeric"
                value={row.cpv}
                onChange={(v) => onRow(row.uid, { cpv: v })}
                error={errors[`${id}-cpv`]}
                maxLength={10}
              />
              <TextField
                id={`${id}-value`}
                label={t('response.value')}
                hint={t('response.valueHint')}
                inputMode="decimal"
                value={row.value}
                onChange={(v) => onRow(row.uid, { value: v })}
                error={errors[`${id}-value`]}
              />
              <TextField
                id={`${id}-timing`}
                type="month"
                label={t('response.timing')}
                hint={t('response.timingHint')}
                placeholder="2026-09"
                value={row.timing}
                onChange={(v) => onRow(row.uid, { timing: v })}
                error={errors[`${id}-timing`]}
              />
            </div>
            <TextField
              id={`${id}-description`}
              label={t('response.plannedDescription')}
              optional
              value={row.description}
              onChange={(v) => onRow(row.uid, { description: v })}
              maxLength={500}
            />
            <p>
              <button
                type="button"
                className="button button--secondary button--small"
                onClick={() => onChange({ planned: state.planned.filter((r) => r.uid !== row.uid) })}
              >
                {t('response.removePlanned', { area: area.name, n: i + 1 })}
              </button>
            </p>
          </fieldset>
        );
      })}
      <p>
        <button type="button" className="button button--secondary" onClick={() => onChange({ planned: [...state.planned, emptyRow()] })}>
          {t('response.addPlanned', { area: area.name })}
        </button>
      </p>
    </section>
  );
}
