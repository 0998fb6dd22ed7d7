// One community: its public page (aim, kind, openness, member organisations, published
// outputs, joining and leaving) and, for those who may see it, the workspace's tabs.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { assessmentApi, communityApi, type CommitmentDecision, type Community, type Output } from '../../api';
import { Notice, TextAreaField } from '../../components/forms';
import { Loading, PageHeader, useTitle } from '../../components/page';
import { errorMessage } from '../../errors';
import {
  communityKindName,
  communityRoleName,
  countryName,
  flagEmoji,
  formatDate,
  formatNumber,
  opennessName,
  outputKindName,
  t,
  useLanguage,
  type MessageKey,
} from '../../i18n';
import { Link, type CommunityTab } from '../../router';
import { sessionEnded, useSession } from '../../session';
import { DiscussionsPanel } from './Discussions';
import { DocumentsPanel } from './Documents';
import { EventsPanel } from './Events';
import { FiguresPanel } from './Figures';
import { MembersPanel } from './Members';
import { OutputsPanel } from './Outputs';
import { PanelLink } from './shared';
import { WorkPlanPanel } from './WorkPlan';

const WORKSPACE_TABS: CommunityTab[] = ['overview', 'discussions', 'documents', 'events', 'work-plan', 'outputs', 'members', 'figures'];

export function tabPath(id: number, tab: CommunityTab, sub?: number): string {
  const base = tab === 'overview' ? `/communities/${id}` : `/communities/${id}/${tab}`;
  return sub === undefined ? base : `${base}/${sub}`;
}

export function CommunityPage({ id, tab, sub }: { id: number; tab: CommunityTab; sub: number | null }) {
  useLanguage();
  const { setMe } = useSession();
  const [community, setCommunity] = useState<Community | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [notFound, setNotFound] = useState(false);
  const [round, setRound] = useState(0);

  useEffect(() => {
    let live = true;
    communityApi
      .get(id)
      .then((c) => {
        if (live) setCommunity(c);
      })
      .catch((e) => {
        if (!live) return;
        if (e?.status === 404) setNotFound(true);
        else if (!sessionEnded(e, setMe)) setLoadError(errorMessage(e));
      });
    return () => {
      live = false;
    };
  }, [id, round, setMe]);

  const workspace = community?.can.view_workspace ?? false;
  // A market actor invited to one event sees that event, and nothing else of the workspace.
  const guestEvent = !!community && !workspace && tab === 'events' && sub !== null;
  const shownTab: CommunityTab = workspace || guestEvent ? tab : 'overview';
  const tabName = t(`community.tab.${shownTab}` as MessageKey);
  useTitle(community ? t('community.titleNamed', { name: community.name, tab: tabName }) : t('community.title'));

  // Moving between tabs, threads and events keeps the page: focus goes to the new panel's heading.
  const place = `${shownTab}/${sub ?? ''}`;
  const lastPlace = useRef(place);
  useEffect(() => {
    if (lastPlace.current === place) return;
    lastPlace.current = place;
    const frame = window.requestAnimationFrame(() => document.getElementById('panel-title')?.focus());
    return () => window.cancelAnimationFrame(frame);
  }, [place]);

  if (notFound) {
    return (
      <>
        <PageHeader title={t('community.notFoundTitle')} lead={t('community.notFoundLead')} />
        <p>
          <Link to="/communities">{t('community.backToList')}</Link>
        </p>
      </>
    );
  }
  if (loadError) return <Notice kind="error">{loadError}</Notice>;
  if (!community) return <Loading />;

  const reload = () => setRound((r) => r + 1);

  return (
    <>
      <p className="breadcrumb">
        <Link to="/communities">{t('community.backToList')}</Link>
      </p>
      <PageHeader
        title={community.name}
        lead={t('community.kindLine', { kind: communityKindName(community.kind), openness: opennessName(community.openness) })}
      />
      {workspace && (
        <nav className="subnav" aria-label={t('community.tabsLabel')}>
          <ul className="subnav__list">
            {WORKSPACE_TABS.map((name) => (
              <li key={name}>
                <PanelLink
                  to={tabPath(community.id, name)}
                  current={name === shownTab ? (sub === null ? 'page' : 'true') : undefined}
                >
                  {t(`community.tab.${name}` as MessageKey)}
                </PanelLink>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <div className="panel" data-testid="community-panel">
        {shownTab === 'overview' && <Overview community={community} onChange={reload} />}
        {shownTab === 'discussions' && <DiscussionsPanel community={community} threadId={sub} />}
        {shownTab === 'documents' && <DocumentsPanel community={community} />}
        {shownTab === 'events' && <EventsPanel community={community} eventId={sub} />}
        {shownTab === 'work-plan' && <WorkPlanPanel community={community} />}
        {shownTab === 'outputs' && <OutputsPanel community={community} />}
        {shownTab === 'members' && <MembersPanel community={community} onChange={reload} />}
        {shownTab === 'figures' && <FiguresPanel community={community} />}
      </div>
    </>
  );
}

function Overview({ community, onChange }: { community: Community; onChange: () => void }) {
  const c = community;
  return (
    <>
      <h2 id="panel-title" tabIndex={-1} className="visually-hidden">
        {t('community.tab.overview')}
      </h2>
      <div className="card">
        <dl className="facts" data-testid="community-facts">
          <div>
            <dt>{t('community.kind')}</dt>
            <dd>{communityKindName(c.kind)}</dd>
          </div>
          <div>
            <dt>{t('community.openness')}</dt>
            <dd>{t(`community.opennessExplained.${c.openness}` as MessageKey)}</dd>
          </div>
          {c.topic && (
            <div>
              <dt>{t('community.topic')}</dt>
              <dd>{c.topic}</dd>
            </div>
          )}
          <div>
            <dt>{t('community.memberCount')}</dt>
            <dd>{formatNumber(c.member_count)}</dd>
          </div>
          <div>
            <dt>{t('community.created')}</dt>
            <dd>{formatDate(c.created_at)}</dd>
          </div>
        </dl>
      </div>
      <section className="card" aria-labelledby="aim-title">
        <h3 id="aim-title">{t('community.aim')}</h3>
        <p className="prose">{c.aim}</p>
        {c.entry_requirements && (
          <>
            <h3>{t('community.entryRequirements')}</h3>
            <p className="prose" data-testid="entry-requirements">
              {c.entry_requirements}
            </p>
          </>
        )}
      </section>
      <Membership community={c} onChange={onChange} />
      <section className="card" aria-labelledby="orgs-title">
        <h3 id="orgs-title">{t('community.memberOrganisations')}</h3>
        {c.member_organisations.length === 0 ? (
          <p>{t('community.noOrganisations')}</p>
        ) : (
          <ul className="plain-list" data-testid="member-organisations">
            {c.member_organisations.map((o) => (
              <li key={o.id}>
                <span className="flag" aria-hidden="true">
                  {flagEmoji(o.country)}
                </span>{' '}
                <Link to={`/organisations/${o.id}`}>{o.name}</Link> <span className="muted">({countryName(o.country)})</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="card" aria-labelledby="published-title">
        <h3 id="published-title">{t('community.publishedOutputs')}</h3>
        {(c.published_outputs ?? []).length === 0 ? (
          <p>{t('community.noPublishedOutputs')}</p>
        ) : (
          <ul className="plain-list">
            {(c.published_outputs ?? []).map((o) => (
              <PublishedOutput key={o.id} output={o} />
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

function PublishedOutput({ output }: { output: Output }) {
  return (
    <li>
      <strong>{output.title}</strong> <span className="badge">{outputKindName(output.kind)}</span>
      {output.published_at && <span className="muted"> · {formatDate(output.published_at)}</span>}
      {output.summary && <p>{output.summary}</p>}
      {output.signatories.length > 0 && (
        <p className="muted">{t('outputs.signedBy', { names: output.signatories.map((s) => s.name).join(', ') })}</p>
      )}
    </li>
  );
}

/**
 * Whether the community is a working group formed from a needs assessment, whose invited
 * organisations commit formally or decline (their observer group is joined by accepting). The
 * server says so with assessment_id; when it does not, every working group is taken to be one.
 */
export function formedFromAssessment(c: Community): boolean {
  if (c.assessment_id !== undefined) return c.assessment_id !== null && c.kind === 'working_group';
  return c.kind === 'working_group';
}

/** Joining, asking to join, accepting an invitation (or committing), leaving. */
function Membership({ community, onChange }: { community: Community; onChange: () => void }) {
  const { me, setMe, announce } = useSession();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [confirmLeave, setConfirmLeave] = useState(false);
  const c = community;
  const my = c.my && c.my.status ? c.my : null;

  async function act(run: () => Promise<string>) {
    setBusy(true);
    setProblem(null);
    setDone(null);
    try {
      const message = await run();
      setDone(message);
      announce(message);
      setConfirmLeave(false);
      onChange();
    } catch (e) {
      if (sessionEnded(e, setMe)) return;
      setProblem(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  const join = (e?: FormEvent) => {
    e?.preventDefault();
    void act(async () => {
      const r = await communityApi.join(c.id, c.openness === 'closed' && !my ? note.trim() : undefined);
      if (r.status === 'requested') return t('membership.requestSent', { name: c.name });
      return t('membership.joined', { name: c.name, role: communityRoleName(r.role) });
    });
  };
  const commit = (decision: CommitmentDecision) =>
    void act(async () => {
      const r = await assessmentApi.commit(c.id, decision);
      return decision === 'commit'
        ? t('commitment.committed', { name: c.name, role: communityRoleName(r.role) })
        : t('commitment.declined', { name: c.name });
    });
  const leave = () =>
    void act(async () => {
      await communityApi.leave(c.id);
      return t('membership.left', { name: c.name });
    });

  let body;
  if (!me) {
    body = (
      <p>
        <Link to={`/signin?next=${encodeURIComponent(`/communities/${c.id}`)}`}>{t('membership.signIn')}</Link>
      </p>
    );
  } else if (me.role === 'market_actor') {
    body = <p>{t('membership.marketActor')}</p>;
  } else if (my?.status === 'active') {
    body = (
      <>
        <p data-testid="my-membership">{t('membership.active', { role: communityRoleName(my.role) })}</p>
        {confirmLeave ? (
          <p className="confirm">
            <span>{t('membership.confirmLeave', { name: c.name })}</span>{' '}
            <button type="button" className="button button--danger button--small" onClick={leave} disabled={busy}>
              {t('membership.leaveYes')}
            </button>{' '}
            <button type="button" className="button button--secondary button--small" onClick={() => setConfirmLeave(false)}>
              {t('common.cancel')}
            </button>
          </p>
        ) : (
          <button type="button" className="button button--secondary" onClick={() => setConfirmLeave(true)}>
            {t('membership.leave')}
          </button>
        )}
      </>
    );
  } else if (my?.status === 'invited' && formedFromAssessment(c)) {
    body = (
      <>
        <p data-testid="my-membership">{t('membership.invited', { role: communityRoleName(my.role) })}</p>
        <p>{t('commitment.lead')}</p>
        <div className="form__actions">
          <button type="button" className="button button--primary" onClick={() => commit('commit')} disabled={busy}>
            {t('commitment.commit')}
          </button>
          <button type="button" className="button button--secondary" onClick={() => commit('decline')} disabled={busy}>
            {t('commitment.decline')}
          </button>
        </div>
      </>
    );
  } else if (my?.status === 'invited') {
    body = (
      <>
        <p data-testid="my-membership">{t('membership.invited', { role: communityRoleName(my.role) })}</p>
        <button type="button" className="button button--primary" onClick={() => join()} disabled={busy}>
          {t('membership.accept')}
        </button>
      </>
    );
  } else if (my?.status === 'requested') {
    body = <p data-testid="my-membership">{t('membership.requested')}</p>;
  } else if (c.openness === 'open') {
    body = (
      <>
        <p>{t('membership.openLead')}</p>
        <button type="button" className="button button--primary" onClick={() => join()} disabled={busy}>
          {t('membership.join')}
        </button>
      </>
    );
  } else {
    body = (
      <form className="form" onSubmit={join} noValidate>
        <p>{t('membership.closedLead')}</p>
        {c.entry_requirements && (
          <div className="notice notice--info">
            <p className="notice__title">{t('community.entryRequirements')}</p>
            <p className="prose">{c.entry_requirements}</p>
          </div>
        )}
        <TextAreaField
          id="join-note"
          label={t('membership.note')}
          hint={t('membership.noteHint')}
          optional
          value={note}
          onChange={setNote}
          maxLength={2000}
        />
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? t('common.sending') : t('membership.ask')}
          </button>
        </div>
      </form>
    );
  }

  return (
    <section className="card" aria-labelledby="membership-title">
      <h3 id="membership-title">{t('membership.title')}</h3>
      {problem && <Notice kind="error">{problem}</Notice>}
      {done && <Notice kind="success">{done}</Notice>}
      {body}
    </section>
  );
}
