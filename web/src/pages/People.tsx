import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, type Organisation, type Person, type Role } from '../api';
import { ErrorSummary, Notice, SelectField, TextField, type SummaryItem } from '../components/forms';
import { Loading, PageHeader, useTitle } from '../components/page';
import { errorMessage } from '../errors';
import { formatDateTime, personStatusName, roleName, t, useLanguage } from '../i18n';
import { Link } from '../router';
import { canAdminister, isMarketOrganisation, sessionEnded, useSession } from '../session';
import { isValidEmail } from '../validation';

/** The roles an organisation's admin may hand out, as the server allows them. */
export function invitableRoles(org: Pick<Organisation, 'type'>): Role[] {
  return isMarketOrganisation(org) ? ['org_admin', 'market_actor'] : ['org_admin', 'buyer', 'observer'];
}

export function PeoplePage({ id }: { id: number | null }) {
  useLanguage();
  const { me, setMe, announce } = useSession();
  const orgId = id ?? me?.organisation.id ?? null;
  const [org, setOrg] = useState<Organisation | null>(null);
  const [people, setPeople] = useState<Person[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [actionDone, setActionDone] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<number | null>(null);
  const [confirmingRemove, setConfirmingRemove] = useState<number | null>(null);
  const tableRef = useRef<HTMLTableElement>(null);

  useTitle(org ? t('people.titleNamed', { name: org.name }) : t('people.title'));

  useEffect(() => {
    if (orgId === null) return;
    let live = true;
    setLoadError(null);
    Promise.all([api.organisation(orgId), api.people(orgId)])
      .then(([o, p]) => {
        if (!live) return;
        setOrg(o);
        setPeople(p);
      })
      .catch((e) => {
        if (!live) return;
        if (sessionEnded(e, setMe)) return;
        setLoadError(
          e instanceof ApiError && e.status === 403
            ? t('people.forbidden')
            : e instanceof ApiError && e.status === 404
              ? t('org.notFound')
              : errorMessage(e),
        );
      });
    return () => {
      live = false;
    };
  }, [orgId, setMe]);

  if (orgId === null) return null;
  if (loadError || !org || !people) {
    return (
      <>
        <PageHeader title={t('people.title')} />
        {loadError ? <Notice kind="error">{loadError}</Notice> : <Loading />}
      </>
    );
  }

  const admin = canAdminister(me, org.id);
  const pending = people.filter((p) => p.status === 'pending');
  // Who an admin may act on: pending sign-ups, and anyone else but themselves.
  const manageable = (p: Person) => p.status === 'pending' || p.id !== me?.id;
  // The actions column appears only while there is something to act on.
  const actions = admin && (people.some(manageable) || confirming !== null);
  const isMine = me?.organisation.id === org.id;

  // Runs one action on a person: `action` does it and returns what to show and announce.
  async function act(action: () => Promise<string>) {
    setActionError(null);
    setActionDone(null);
    try {
      const message = await action();
      setActionDone(message);
      announce(message);
      tableRef.current?.focus();
    } catch (e) {
      if (sessionEnded(e, setMe)) return;
      setActionError(errorMessage(e));
    }
  }

  const approve = (person: Person) =>
    act(async () => {
      const updated = await api.approve(org.id, person.id);
      setPeople((list) => (list ?? []).map((p) => (p.id === person.id ? updated : p)));
      return t('people.approved', { name: person.name });
    });

  const setDisabled = (person: Person, disabled: boolean) =>
    act(async () => {
      const updated = disabled ? await api.disablePerson(org.id, person.id) : await api.enablePerson(org.id, person.id);
      setPeople((list) => (list ?? []).map((p) => (p.id === person.id ? updated : p)));
      return disabled ? t('people.disabled', { name: person.name }) : t('people.enabled', { name: person.name });
    });

  const remove = (person: Person) =>
    act(async () => {
      await api.removePerson(org.id, person.id);
      setPeople((list) => (list ?? []).filter((p) => p.id !== person.id));
      setConfirmingRemove(null);
      return t('people.removed', { name: person.name });
    });

  const decline = (person: Person) =>
    act(async () => {
      await api.decline(org.id, person.id);
      setPeople((list) => (list ?? []).filter((p) => p.id !== person.id));
      setConfirming(null);
      return t('people.declined', { name: person.name });
    });

  return (
    <>
      <PageHeader
        title={t('people.title')}
        lead={
          <>
            {t('people.lead')}{' '}
            <Link to={isMine ? '/organisation' : `/organisations/${org.id}`}>{org.name}</Link>
          </>
        }
      />
      {actionError && <Notice kind="error">{actionError}</Notice>}
      {actionDone && <Notice kind="success">{actionDone}</Notice>}
      {admin && pending.length > 0 && (
        <Notice kind="info">{t('people.pendingCount', { count: pending.length })}</Notice>
      )}
      <section className="card" aria-labelledby="people-members-title">
        <h2 id="people-members-title">{t('people.members')}</h2>
        <div className="table-wrap">
          <table className="table" ref={tableRef} tabIndex={-1} data-testid="people-table">
            <caption className="visually-hidden">{t('people.caption', { name: org.name })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('people.col.name')}</th>
                <th scope="col">{t('people.col.email')}</th>
                <th scope="col">{t('people.col.role')}</th>
                <th scope="col">{t('people.col.status')}</th>
                {actions && <th scope="col">{t('people.col.actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {people.length === 0 && (
                <tr>
                  <td colSpan={actions ? 5 : 4}>{t('people.none')}</td>
                </tr>
              )}
              {people.map((p) => (
                <tr key={p.id}>
                  <th scope="row" className="cell-name">
                    {p.name}
                    {p.id === me?.id && <span className="muted"> ({t('people.you')})</span>}
                  </th>
                  <td>
                    <a href={`mailto:${p.email}`}>{p.email}</a>
                  </td>
                  <td>{roleName(p.role)}</td>
                  <td>
                    <span className={`badge badge--status-${p.status}`}>{personStatusName(p.status)}</span>
                  </td>
                  {actions && (
                    <td className="cell-actions">
                      {p.status === 'pending' &&
                        (confirming === p.id ? (
                          <span className="confirm">
                            <span>{t('people.confirmDecline', { name: p.name })}</span>{' '}
                            <button type="button" className="button button--danger button--small" onClick={() => decline(p)}>
                              {t('people.declineYes')}
                            </button>{' '}
                            <button
                              type="button"
                              className="button button--secondary button--small"
                              onClick={() => setConfirming(null)}
                            >
                              {t('common.cancel')}
                            </button>
                          </span>
                        ) : (
                          <>
                            <button type="button" className="button button--primary button--small" onClick={() => approve(p)}>
                              {t('people.approve')}
                              <span className="visually-hidden"> {p.name}</span>
                            </button>{' '}
                            <button
                              type="button"
                              className="button button--secondary button--small"
                              onClick={() => setConfirming(p.id)}
                            >
                              {t('people.decline')}
                              <span className="visually-hidden"> {p.name}</span>
                            </button>
                          </>
                        ))}
                      {p.status !== 'pending' &&
                        p.id !== me?.id &&
                        (confirmingRemove === p.id ? (
                          <span className="confirm">
                            <span>{t('people.confirmRemove', { name: p.name })}</span>{' '}
                            <button type="button" className="button button--danger button--small" onClick={() => remove(p)}>
                              {t('people.removeYes')}
                            </button>{' '}
                            <button
                              type="button"
                              className="button button--secondary button--small"
                              onClick={() => setConfirmingRemove(null)}
                            >
                              {t('common.cancel')}
                            </button>
                          </span>
                        ) : (
                          <>
                            <button
                              type="button"
                              className="button button--secondary button--small"
                              onClick={() => setDisabled(p, p.status !== 'disabled')}
                            >
                              {p.status === 'disabled' ? t('people.enable') : t('people.disable')}{' '}
                              <span className="visually-hidden">{p.name}</span>
                            </button>{' '}
                            <button
                              type="button"
                              className="button button--danger button--small"
                              onClick={() => setConfirmingRemove(p.id)}
                            >
                              {t('people.remove')}{' '}
                              <span className="visually-hidden">{p.name}</span>
                            </button>
                          </>
                        ))}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      {admin && <InviteForm org={org} />}
    </>
  );
}

function InviteForm({ org }: { org: Organisation }) {
  useLanguage();
  const { announce } = useSession();
  const roles = invitableRoles(org);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>(roles.includes('buyer') ? 'buyer' : roles[roles.length - 1]);
  const [errors, setErrors] = useState<{ email?: string; role?: string }>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    const found: { email?: string; role?: string } = {};
    if (!email.trim()) found.email = t('validation.emailRequired');
    else if (!isValidEmail(email.trim())) found.email = t('validation.emailInvalid');
    setErrors(found);
    setProblem(null);
    setSent(null);
    setAttempt((n) => n + 1);
    if (found.email) return;
    setBusy(true);
    try {
      const inv = await api.invite(org.id, email.trim(), role);
      const message = t('people.invited', {
        email: inv.email,
        role: roleName(inv.role),
        date: formatDateTime(inv.expires_at),
      });
      setSent(message);
      announce(message);
      setEmail('');
    } catch (err) {
      if (err instanceof ApiError && err.errors.some((fe) => fe.field === 'email' || fe.field === 'role')) {
        setErrors({ email: err.fieldError('email'), role: err.fieldError('role') });
        setAttempt((n) => n + 1);
      } else {
        setProblem(errorMessage(err));
      }
    } finally {
      setBusy(false);
    }
  }

  const summary: SummaryItem[] = [];
  if (errors.email) summary.push({ fieldId: 'invite-email', message: errors.email });
  if (errors.role) summary.push({ fieldId: 'invite-role', message: errors.role });

  return (
    <section className="card" aria-labelledby="invite-title">
      <h2 id="invite-title">{t('people.inviteTitle')}</h2>
      <p>{t('people.inviteLead')}</p>
      {sent && <Notice kind="success">{sent}</Notice>}
      {problem && <Notice kind="error">{problem}</Notice>}
      <ErrorSummary items={summary} focusKey={attempt} />
      <form className="form form--inline" onSubmit={submit} noValidate>
        <TextField
          id="invite-email"
          label={t('field.email')}
          type="email"
          autoComplete="off"
          spellCheck={false}
          value={email}
          onChange={setEmail}
          error={errors.email}
        />
        <SelectField
          id="invite-role"
          label={t('people.col.role')}
          value={role}
          onChange={(v) => setRole(v as Role)}
          error={errors.role}
        >
          {roles.map((r) => (
            <option key={r} value={r}>
              {roleName(r)}
            </option>
          ))}
        </SelectField>
        <div className="form__actions">
          <button type="submit" className="button button--primary" aria-disabled={busy || undefined}>
            {busy ? t('common.sending') : t('people.inviteSubmit')}
          </button>
        </div>
      </form>
    </section>
  );
}
