// Members: the directory; for managers, invitations, requests to approve or decline, roles and removal.
import { useState, type FormEvent } from 'react';
import { COMMUNITY_ROLES, communityApi, type Community, type CommunityRole, type Member } from '../../api';
import { Notice, SelectField, TextField } from '../../components/forms';
import { Loading } from '../../components/page';
import { errorMessage } from '../../errors';
import { communityRoleName, formatDate, membershipStatusName, t } from '../../i18n';
import { sessionEnded, useSession } from '../../session';
import { isValidEmail } from '../../validation';
import { useResource } from './shared';

export function MembersPanel({ community, onChange }: { community: Community; onChange: () => void }) {
  const { me, setMe, announce } = useSession();
  const members = useResource(() => communityApi.members(community.id), `members-${community.id}`);
  const [roleDraft, setRoleDraft] = useState<Record<number, CommunityRole>>({});
  const [confirming, setConfirming] = useState<number | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const manage = community.can.manage;

  async function act(run: () => Promise<unknown>, message: string) {
    setProblem(null);
    setDone(null);
    try {
      await run();
      members.reload();
      onChange();
      setConfirming(null);
      setDone(message);
      announce(message);
    } catch (err) {
      if (sessionEnded(err, setMe)) return;
      setProblem(errorMessage(err));
    }
  }

  const list = members.data ?? [];
  const active = list.filter((m) => m.status === 'active');
  const requests = list.filter((m) => m.status === 'requested');
  const invited = list.filter((m) => m.status === 'invited');

  return (
    <>
      <h2 id="panel-title" tabIndex={-1}>
        {t('community.tab.members')}
      </h2>
      {members.error && <Notice kind="error">{members.error}</Notice>}
      {problem && <Notice kind="error">{problem}</Notice>}
      {done && <Notice kind="success">{done}</Notice>}
      {!members.data && !members.error && <Loading />}
      {manage && requests.length > 0 && (
        <section className="card" aria-labelledby="requests-title">
          <h3 id="requests-title">{t('members.requests')}</h3>
          <ul className="plain-list" data-testid="requests">
            {requests.map((m) => (
              <li key={m.user_id}>
                <strong>{m.name}</strong> <span className="muted">({m.organisation.name})</span>
                {m.note && <p className="prose">{t('members.noteIs', { note: m.note })}</p>}
                <p>
                  <button
                    type="button"
                    className="button button--primary button--small"
                    onClick={() => act(() => communityApi.updateMember(community.id, m.user_id, { status: 'active' }), t('members.approved', { name: m.name }))}
                  >
                    {t('members.approve')} <span className="visually-hidden">{m.name}</span>
                  </button>{' '}
                  <button
                    type="button"
                    className="button button--secondary button--small"
                    onClick={() => act(() => communityApi.removeMember(community.id, m.user_id), t('members.declined', { name: m.name }))}
                  >
                    {t('members.decline')} <span className="visually-hidden">{m.name}</span>
                  </button>
                </p>
              </li>
            ))}
          </ul>
        </section>
      )}
      {members.data && (
        <section className="card" aria-labelledby="directory-title">
          <h3 id="directory-title">{t('members.directory')}</h3>
          <div className="table-wrap">
            <table className="table" data-testid="members">
              <caption className="visually-hidden">{t('members.caption', { name: community.name })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('members.col.name')}</th>
                  <th scope="col">{t('members.col.organisation')}</th>
                  {manage && <th scope="col">{t('members.col.email')}</th>}
                  <th scope="col">{t('members.col.role')}</th>
                  <th scope="col">{t('members.col.since')}</th>
                  {manage && <th scope="col">{t('members.col.actions')}</th>}
                </tr>
              </thead>
              <tbody>
                {[...active, ...invited].map((m) => (
                  <MemberRow
                    key={m.user_id}
                    member={m}
                    manage={manage}
                    self={m.user_id === me?.id}
                    role={roleDraft[m.user_id] ?? m.role}
                    onRole={(r) => setRoleDraft((d) => ({ ...d, [m.user_id]: r }))}
                    confirming={confirming === m.user_id}
                    onConfirm={(on) => setConfirming(on ? m.user_id : null)}
                    onSaveRole={() => {
                      const role = roleDraft[m.user_id] ?? m.role;
                      void act(
                        () => communityApi.updateMember(community.id, m.user_id, { role }),
                        t('members.roleChanged', { name: m.name, role: communityRoleName(role) }),
                      );
                    }}
                    onRemove={() => act(() => communityApi.removeMember(community.id, m.user_id), t('members.removed', { name: m.name }))}
                  />
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
      {manage && <InviteMember community={community} onInvited={() => members.reload()} />}
    </>
  );
}

function MemberRow({
  member: m,
  manage,
  self,
  role,
  onRole,
  onSaveRole,
  confirming,
  onConfirm,
  onRemove,
}: {
  member: Member;
  manage: boolean;
  self: boolean;
  role: CommunityRole;
  onRole: (r: CommunityRole) => void;
  onSaveRole: () => void;
  confirming: boolean;
  onConfirm: (on: boolean) => void;
  onRemove: () => void;
}) {
  return (
    <tr>
      <th scope="row" className="cell-name">
        {m.name}
      </th>
      <td>{m.organisation.name}</td>
      {manage && <td>{m.email ?? ''}</td>}
      <td>
        {communityRoleName(m.role)}
        {m.status !== 'active' && <span className="badge"> {membershipStatusName(m.status)}</span>}
      </td>
      <td>{m.joined_at ? formatDate(m.joined_at) : ''}</td>
      {manage && (
        <td className="cell-actions">
          {!self && (
            <>
              <span className="inline-control">
                <label className="visually-hidden" htmlFor={`member-${m.user_id}-role`}>
                  {t('members.roleOf', { name: m.name })}
                </label>
                <select
                  id={`member-${m.user_id}-role`}
                  className="select select--compact"
                  value={role}
                  onChange={(e) => onRole(e.target.value as CommunityRole)}
                >
                  {COMMUNITY_ROLES.map((r) => (
                    <option key={r} value={r}>
                      {communityRoleName(r)}
                    </option>
                  ))}
                </select>{' '}
                <button type="button" className="button button--secondary button--small" onClick={onSaveRole}>
                  {t('members.changeRole')} <span className="visually-hidden">{m.name}</span>
                </button>
              </span>{' '}
              {confirming ? (
                <span className="confirm">
                  <span>{t('members.confirmRemove', { name: m.name })}</span>{' '}
                  <button type="button" className="button button--danger button--small" onClick={onRemove}>
                    {t('members.removeYes')}
                  </button>{' '}
                  <button type="button" className="button button--secondary button--small" onClick={() => onConfirm(false)}>
                    {t('common.cancel')}
                  </button>
                </span>
              ) : (
                <button type="button" className="button button--secondary button--small" onClick={() => onConfirm(true)}>
                  {t('members.remove')} <span className="visually-hidden">{m.name}</span>
                </button>
              )}
            </>
          )}
        </td>
      )}
    </tr>
  );
}

function InviteMember({ community, onInvited }: { community: Community; onInvited: () => void }) {
  const { setMe, announce } = useSession();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<CommunityRole>('member');
  const [error, setError] = useState<string | undefined>();
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const address = email.trim();
    const bad = !address ? t('validation.emailRequired') : !isValidEmail(address) ? t('validation.emailInvalid') : undefined;
    setError(bad);
    if (bad) {
      document.getElementById('member-invite-email')?.focus();
      return;
    }
    setBusy(true);
    setProblem(null);
    setDone(null);
    try {
      const m = await communityApi.inviteMember(community.id, address, role);
      const message = t('members.invited', { name: m.name || address, role: communityRoleName(m.role) });
      setDone(message);
      announce(message);
      setEmail('');
      onInvited();
    } catch (err) {
      if (sessionEnded(err, setMe)) return;
      setProblem(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="member-invite-title">
      <h3 id="member-invite-title">{t('members.invite')}</h3>
      <p>{t('members.inviteLead')}</p>
      {problem && <Notice kind="error">{problem}</Notice>}
      {done && <Notice kind="success">{done}</Notice>}
      <form className="form" onSubmit={submit} noValidate>
        <TextField id="member-invite-email" type="email" autoComplete="off" label={t('field.email')} value={email} onChange={setEmail} error={error} />
        <SelectField id="member-invite-role" label={t('members.col.role')} value={role} onChange={(v) => setRole(v as CommunityRole)}>
          {COMMUNITY_ROLES.map((r) => (
            <option key={r} value={r}>
              {communityRoleName(r)}
            </option>
          ))}
        </SelectField>
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? t('common.sending') : t('members.inviteSubmit')}
        </button>
      </form>
    </section>
  );
}
