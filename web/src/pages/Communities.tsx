// The communities: every working group, community of practice, interest and observer group,
// and a form to start one (buyers, organisation administrators and the secretariat).
import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, COMMUNITY_KINDS, communityApi, type Community, type CommunityKind, type Me, type Openness } from '../api';
import { ErrorSummary, Notice, SelectField, TextAreaField, TextField, type SummaryItem } from '../components/forms';
import { Loading, PageHeader, useTitle } from '../components/page';
import { errorMessage } from '../errors';
import { communityKindName, communityRoleName, formatNumber, membershipStatusName, opennessName, t, useLanguage } from '../i18n';
import { Link, navigate } from '../router';
import { sessionEnded, useSession } from '../session';

/** Whether `me` may start a community: signed in, and neither a market actor nor an observer. */
export function canCreateCommunity(me: Me | null): boolean {
  return !!me && me.role !== 'market_actor' && me.role !== 'observer';
}

export function CommunitiesPage() {
  useLanguage();
  useTitle(t('communities.title'));
  const { me, setMe } = useSession();
  const [items, setItems] = useState<Community[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    communityApi
      .list()
      .then((list) => {
        if (live) setItems(list);
      })
      .catch((e) => {
        if (!live || sessionEnded(e, setMe)) return;
        setLoadError(errorMessage(e));
      });
    return () => {
      live = false;
    };
  }, [setMe]);

  return (
    <>
      <PageHeader title={t('communities.title')} lead={t('communities.lead')} />
      {loadError && <Notice kind="error">{loadError}</Notice>}
      {!items && !loadError && <Loading />}
      {items && items.length === 0 && <p className="card">{t('communities.none')}</p>}
      {items && items.length > 0 && (
        <section className="card" aria-labelledby="communities-list-title">
          <h2 id="communities-list-title">{t('communities.listTitle')}</h2>
          <div className="table-wrap">
            <table className="table" data-testid="communities">
              <caption className="visually-hidden">{t('communities.listTitle')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('communities.col.name')}</th>
                  <th scope="col">{t('communities.col.kind')}</th>
                  <th scope="col">{t('communities.col.openness')}</th>
                  <th scope="col">{t('communities.col.aim')}</th>
                  <th scope="col" className="num">
                    {t('communities.col.members')}
                  </th>
                  <th scope="col">{t('communities.col.my')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((c) => (
                  <tr key={c.id}>
                    <th scope="row" className="cell-name">
                      <Link to={`/communities/${c.id}`}>{c.name}</Link>
                    </th>
                    <td>{communityKindName(c.kind)}</td>
                    <td>{opennessName(c.openness)}</td>
                    <td className="cell-text">{c.aim}</td>
                    <td className="num">{formatNumber(c.member_count)}</td>
                    <td>{myStatus(c)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
      {canCreateCommunity(me) && <CreateCommunity />}
    </>
  );
}

function myStatus(c: Community): string {
  if (!c.my || !c.my.status) return t('communities.notMember');
  if (c.my.status === 'active') return communityRoleName(c.my.role);
  return membershipStatusName(c.my.status);
}

const FIELD_IDS: Record<string, string> = {
  name: 'community-name',
  kind: 'community-kind',
  openness: 'community-openness-open',
  aim: 'community-aim',
  entry_requirements: 'community-entry',
  topic: 'community-topic',
};

function CreateCommunity() {
  const { setMe, announce } = useSession();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<CommunityKind>('working_group');
  const [openness, setOpenness] = useState<Openness>('open');
  const [aim, setAim] = useState('');
  const [entry, setEntry] = useState('');
  const [topic, setTopic] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [summary, setSummary] = useState<SummaryItem[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  function fail(next: Record<string, string>) {
    setErrors(next);
    setSummary(Object.entries(next).map(([field, message]) => ({ fieldId: FIELD_IDS[field], message })));
    setAttempt((a) => a + 1);
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setProblem(null);
    const next: Record<string, string> = {};
    if (!name.trim()) next.name = t('communities.nameRequired');
    if (!aim.trim()) next.aim = t('communities.aimRequired');
    if (Object.keys(next).length) return fail(next);
    setErrors({});
    setSummary([]);
    setBusy(true);
    try {
      const created = await communityApi.create({
        name: name.trim(),
        kind,
        openness,
        aim: aim.trim(),
        ...(entry.trim() ? { entry_requirements: entry.trim() } : {}),
        ...(topic.trim() ? { topic: topic.trim() } : {}),
      });
      announce(t('communities.created', { name: created.name }));
      navigate(`/communities/${created.id}`);
    } catch (err) {
      if (sessionEnded(err, setMe)) return;
      if (err instanceof ApiError && err.errors.length) {
        fail(Object.fromEntries(err.errors.map((x) => [x.field, x.detail])));
      } else setProblem(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="create-community-title">
      <h2 id="create-community-title">{t('communities.create')}</h2>
      <p>{t('communities.createLead')}</p>
      <ErrorSummary items={summary} focusKey={attempt} />
      {problem && <Notice kind="error">{problem}</Notice>}
      <form className="form" onSubmit={submit} noValidate>
        <TextField id="community-name" label={t('communities.name')} value={name} onChange={setName} error={errors.name} maxLength={200} />
        <SelectField id="community-kind" label={t('communities.kind')} value={kind} onChange={(v) => setKind(v as CommunityKind)} error={errors.kind}>
          {COMMUNITY_KINDS.map((k) => (
            <option key={k} value={k}>
              {communityKindName(k)}
            </option>
          ))}
        </SelectField>
        <fieldset className="fieldset">
          <legend className="fieldset__legend">{t('communities.openness')}</legend>
          {(['open', 'closed'] as const).map((o) => (
            <div key={o} className="checkbox-field">
              <input
                id={`community-openness-${o}`}
                type="radio"
                name="community-openness"
                className="checkbox"
                value={o}
                checked={openness === o}
                onChange={() => setOpenness(o)}
                aria-describedby={`community-openness-${o}-hint`}
              />
              <label htmlFor={`community-openness-${o}`}>
                {opennessName(o)}
                <span className="field__hint" id={`community-openness-${o}-hint`}>
                  {' '}
                  – {t(`communities.opennessHint.${o}`)}
                </span>
              </label>
            </div>
          ))}
        </fieldset>
        <TextAreaField id="community-aim" label={t('communities.aim')} hint={t('communities.aimHint')} value={aim} onChange={setAim} error={errors.aim} />
        <TextAreaField
          id="community-entry"
          label={t('communities.entryRequirements')}
          hint={t('communities.entryHint')}
          optional
          value={entry}
          onChange={setEntry}
          error={errors.entry_requirements}
        />
        <TextField id="community-topic" label={t('communities.topic')} hint={t('communities.topicHint')} optional value={topic} onChange={setTopic} error={errors.topic} maxLength={200} />
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? t('common.saving') : t('communities.createSubmit')}
          </button>
        </div>
      </form>
    </section>
  );
}
