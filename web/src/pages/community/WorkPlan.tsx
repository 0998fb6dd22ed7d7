// The work plan: objectives with their ambition, activities with owner, due date and status,
// and a timeline of the activities grouped by the month they are due.
import { useState, type FormEvent } from 'react';
import { communityApi, type Activity, type ActivityStatus, type Ambition, type Community } from '../../api';
import { Notice, SelectField, TextField } from '../../components/forms';
import { Loading } from '../../components/page';
import { errorMessage } from '../../errors';
import { activityStatusName, ambitionName, formatDay, formatMonth, t } from '../../i18n';
import { sessionEnded, useSession } from '../../session';
import { activeMembers, useResource } from './shared';

const AMBITIONS: Ambition[] = ['low', 'medium', 'high'];
const STATUSES: ActivityStatus[] = ['planned', 'in_progress', 'done', 'cancelled'];

/** Activities grouped by the month of their due date, months and activities in date order. */
export function timeline(activities: Activity[]): Array<{ month: string; items: Activity[] }> {
  const sorted = [...activities].sort((a, b) => a.due.localeCompare(b.due) || a.title.localeCompare(b.title));
  const groups: Array<{ month: string; items: Activity[] }> = [];
  for (const a of sorted) {
    const month = a.due.slice(0, 7);
    const last = groups[groups.length - 1];
    if (last && last.month === month) last.items.push(a);
    else groups.push({ month, items: [a] });
  }
  return groups;
}

export function WorkPlanPanel({ community }: { community: Community }) {
  const { setMe, announce } = useSession();
  const plan = useResource(() => communityApi.workPlan(community.id), `plan-${community.id}`);
  const members = useResource(
    () => (community.can.plan ? communityApi.members(community.id) : Promise.resolve([])),
    `members-${community.id}-${community.can.plan}`,
  );
  const [statusDraft, setStatusDraft] = useState<Record<number, ActivityStatus>>({});
  const [problem, setProblem] = useState<string | null>(null);

  async function updateStatus(a: Activity) {
    const status = statusDraft[a.id] ?? a.status;
    setProblem(null);
    try {
      const updated = await communityApi.updateActivity(community.id, a.id, { status });
      plan.setData((p) => (p ? { ...p, activities: p.activities.map((x) => (x.id === a.id ? { ...x, ...updated } : x)) } : p));
      announce(t('plan.statusSaved', { title: a.title, status: activityStatusName(status) }));
    } catch (err) {
      if (sessionEnded(err, setMe)) return;
      setProblem(errorMessage(err));
    }
  }

  const objectiveTitle = (id: number | null) => plan.data?.objectives.find((o) => o.id === id)?.title ?? t('plan.noObjective');

  return (
    <>
      <h2 id="panel-title" tabIndex={-1}>
        {t('community.tab.work-plan')}
      </h2>
      {plan.error && <Notice kind="error">{plan.error}</Notice>}
      {problem && <Notice kind="error">{problem}</Notice>}
      {!plan.data && !plan.error && <Loading />}
      {plan.data && (
        <>
          <section className="card" aria-labelledby="objectives-title">
            <h3 id="objectives-title">{t('plan.objectives')}</h3>
            {plan.data.objectives.length === 0 ? (
              <p>{t('plan.noObjectives')}</p>
            ) : (
              <ul className="plain-list" data-testid="objectives">
                {plan.data.objectives.map((o) => (
                  <li key={o.id}>
                    {o.title} <span className="badge">{t('plan.ambitionIs', { ambition: ambitionName(o.ambition) })}</span>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section className="card" aria-labelledby="activities-title">
            <h3 id="activities-title">{t('plan.activities')}</h3>
            {plan.data.activities.length === 0 ? (
              <p>{t('plan.noActivities')}</p>
            ) : (
              <div className="table-wrap">
                <table className="table" data-testid="activities">
                  <caption className="visually-hidden">{t('plan.activities')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('plan.col.activity')}</th>
                      <th scope="col">{t('plan.col.objective')}</th>
                      <th scope="col">{t('plan.col.owner')}</th>
                      <th scope="col">{t('plan.col.due')}</th>
                      <th scope="col">{t('plan.col.status')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {plan.data.activities.map((a) => (
                      <tr key={a.id}>
                        <th scope="row">{a.title}</th>
                        <td>{objectiveTitle(a.objective_id)}</td>
                        <td>{a.owner?.name ?? t('plan.noOwner')}</td>
                        <td>{formatDay(a.due)}</td>
                        <td>
                          {community.can.plan ? (
                            <span className="inline-control">
                              <label className="visually-hidden" htmlFor={`activity-${a.id}-status`}>
                                {t('plan.statusOf', { title: a.title })}
                              </label>
                              <select
                                id={`activity-${a.id}-status`}
                                className="select select--compact"
                                value={statusDraft[a.id] ?? a.status}
                                onChange={(e) => setStatusDraft((d) => ({ ...d, [a.id]: e.target.value as ActivityStatus }))}
                              >
                                {STATUSES.map((s) => (
                                  <option key={s} value={s}>
                                    {activityStatusName(s)}
                                  </option>
                                ))}
                              </select>{' '}
                              <button type="button" className="button button--secondary button--small" onClick={() => updateStatus(a)}>
                                {t('plan.update')} <span className="visually-hidden">{a.title}</span>
                              </button>
                            </span>
                          ) : (
                            activityStatusName(a.status)
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
          <section className="card" aria-labelledby="timeline-title">
            <h3 id="timeline-title">{t('plan.timeline')}</h3>
            {plan.data.activities.length === 0 ? (
              <p>{t('plan.noActivities')}</p>
            ) : (
              <ol className="plan-timeline" data-testid="timeline">
                {timeline(plan.data.activities).map((g) => (
                  <li key={g.month} className="plan-timeline__month">
                    <h4>{formatMonth(g.month)}</h4>
                    <ul className="plain-list">
                      {g.items.map((a) => (
                        <li key={a.id} className={`plan-timeline__item plan-timeline__item--${a.status}`}>
                          <time dateTime={a.due}>{formatDay(a.due)}</time>: {a.title}{' '}
                          <span className="badge">{activityStatusName(a.status)}</span>
                        </li>
                      ))}
                    </ul>
                  </li>
                ))}
              </ol>
            )}
          </section>
          {community.can.plan && (
            <>
              <ObjectiveForm community={community} onAdded={() => plan.reload()} />
              <ActivityForm
                community={community}
                objectives={plan.data.objectives}
                owners={activeMembers(members.data).map((m) => ({ id: m.user_id, name: m.name }))}
                onAdded={() => plan.reload()}
              />
            </>
          )}
        </>
      )}
    </>
  );
}

function ObjectiveForm({ community, onAdded }: { community: Community; onAdded: () => void }) {
  const { setMe, announce } = useSession();
  const [title, setTitle] = useState('');
  const [ambition, setAmbition] = useState<Ambition>('medium');
  const [error, setError] = useState<string | undefined>();
  const [problem, setProblem] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!title.trim()) {
      setError(t('plan.titleRequired'));
      document.getElementById('objective-title')?.focus();
      return;
    }
    setError(undefined);
    setProblem(null);
    try {
      await communityApi.addObjective(community.id, { title: title.trim(), ambition });
      announce(t('plan.objectiveAdded', { title: title.trim() }));
      setTitle('');
      onAdded();
    } catch (err) {
      if (sessionEnded(err, setMe)) return;
      setProblem(errorMessage(err));
    }
  }

  return (
    <section className="card" aria-labelledby="objective-form-title">
      <h3 id="objective-form-title">{t('plan.addObjective')}</h3>
      {problem && <Notice kind="error">{problem}</Notice>}
      <form className="form" onSubmit={submit} noValidate>
        <TextField id="objective-title" label={t('plan.objectiveTitle')} value={title} onChange={setTitle} error={error} maxLength={200} />
        <SelectField id="objective-ambition" label={t('plan.ambition')} value={ambition} onChange={(v) => setAmbition(v as Ambition)}>
          {AMBITIONS.map((a) => (
            <option key={a} value={a}>
              {ambitionName(a)}
            </option>
          ))}
        </SelectField>
        <button type="submit" className="button button--primary">
          {t('plan.addObjectiveSubmit')}
        </button>
      </form>
    </section>
  );
}

function ActivityForm({
  community,
  objectives,
  owners,
  onAdded,
}: {
  community: Community;
  objectives: Array<{ id: number; title: string }>;
  owners: Array<{ id: number; name: string }>;
  onAdded: () => void;
}) {
  const { setMe, announce } = useSession();
  const [title, setTitle] = useState('');
  const [objective, setObjective] = useState('');
  const [owner, setOwner] = useState('');
  const [due, setDue] = useState('');
  const [status, setStatus] = useState<ActivityStatus>('planned');
  const [errors, setErrors] = useState<{ title?: string; due?: string }>({});
  const [problem, setProblem] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const next = { title: title.trim() ? undefined : t('plan.titleRequired'), due: due ? undefined : t('plan.dueRequired') };
    setErrors(next);
    if (next.title || next.due) {
      document.getElementById(next.title ? 'activity-title' : 'activity-due')?.focus();
      return;
    }
    setProblem(null);
    try {
      await communityApi.addActivity(community.id, {
        title: title.trim(),
        due,
        status,
        ...(objective ? { objective_id: Number(objective) } : {}),
        ...(owner ? { owner_id: Number(owner) } : {}),
      });
      announce(t('plan.activityAdded', { title: title.trim() }));
      setTitle('');
      setDue('');
      onAdded();
    } catch (err) {
      if (sessionEnded(err, setMe)) return;
      setProblem(errorMessage(err));
    }
  }

  return (
    <section className="card" aria-labelledby="activity-form-title">
      <h3 id="activity-form-title">{t('plan.addActivity')}</h3>
      {problem && <Notice kind="error">{problem}</Notice>}
      <form className="form" onSubmit={submit} noValidate>
        <TextField id="activity-title" label={t('plan.activityTitle')} value={title} onChange={setTitle} error={errors.title} maxLength={200} />
        <SelectField id="activity-objective" label={t('plan.col.objective')} optional value={objective} onChange={setObjective}>
          <option value="">{t('plan.noObjective')}</option>
          {objectives.map((o) => (
            <option key={o.id} value={String(o.id)}>
              {o.title}
            </option>
          ))}
        </SelectField>
        <SelectField id="activity-owner" label={t('plan.col.owner')} optional value={owner} onChange={setOwner}>
          <option value="">{t('plan.noOwner')}</option>
          {owners.map((o) => (
            <option key={o.id} value={String(o.id)}>
              {o.name}
            </option>
          ))}
        </SelectField>
        <TextField id="activity-due" type="date" label={t('plan.col.due')} value={due} onChange={setDue} error={errors.due} />
        <SelectField id="activity-status" label={t('plan.col.status')} value={status} onChange={(v) => setStatus(v as ActivityStatus)}>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {activityStatusName(s)}
            </option>
          ))}
        </SelectField>
        <button type="submit" className="button button--primary">
          {t('plan.addActivitySubmit')}
        </button>
      </form>
    </section>
  );
}
