import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError, type Invitation } from '../api';
import {
  ErrorSummary,
  NewPasswordFields,
  Notice,
  TextField,
  errorSummary,
  serverFieldErrors,
  type FieldErrors,
} from '../components/forms';
import { Loading, PageHeader, useTitle } from '../components/page';
import { errorMessage } from '../errors';
import { formatDateTime, roleName, t, useLanguage } from '../i18n';
import { Link } from '../router';
import { newPasswordProblems } from '../validation';

type Field = 'name' | 'password' | 'confirm';
const FIELD_IDS: Record<Field, string> = { name: 'invite-name', password: 'invite-password', confirm: 'invite-confirm' };

export function AcceptInvitationPage({ token }: { token: string }) {
  useLanguage();
  useTitle(t('invite.title'));
  const [invitation, setInvitation] = useState<Invitation | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<FieldErrors<Field>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const [done, setDone] = useState(false);

  useEffect(() => {
    api
      .invitation(token)
      .then(setInvitation)
      .catch((e) =>
        setLoadError(e instanceof ApiError && e.status === 404 ? t('invite.notFound') : errorMessage(e)),
      );
  }, [token]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    const found: FieldErrors<Field> = newPasswordProblems(password, confirm);
    if (!name.trim()) found.name = t('validation.nameRequired');
    setErrors(found);
    setProblem(null);
    setAttempt((n) => n + 1);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      await api.acceptInvitation(token, { name: name.trim(), password });
      setDone(true);
    } catch (err) {
      const server = serverFieldErrors(err, ['name', 'password'] as const);
      setErrors(server);
      if (Object.keys(server).length === 0) setProblem(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  if (done && invitation) {
    return (
      <div className="narrow">
        <PageHeader title={t('invite.doneTitle')} />
        <Notice kind="success">
          <p>{t('invite.doneBody', { organisation: invitation.organisation.name })}</p>
        </Notice>
        <p>
          <Link to="/signin" className="button button--primary">
            {t('invite.signIn')}
          </Link>
        </p>
      </div>
    );
  }

  const summary = errorSummary(errors, FIELD_IDS);

  return (
    <div className="narrow">
      <PageHeader title={t('invite.title')} />
      {loadError && <Notice kind="error">{loadError}</Notice>}
      {!invitation && !loadError && <Loading />}
      {invitation && (
        <>
          <div className="card invitation-facts">
            <p>
              {t('invite.intro', {
                organisation: invitation.organisation.name,
                role: roleName(invitation.role),
              })}
            </p>
            <dl className="facts facts--compact">
              <div>
                <dt>{t('field.email')}</dt>
                <dd>{invitation.email}</dd>
              </div>
              <div>
                <dt>{t('invite.expires')}</dt>
                <dd>{formatDateTime(invitation.expires_at)}</dd>
              </div>
            </dl>
          </div>
          {problem && <Notice kind="error">{problem}</Notice>}
          <ErrorSummary items={summary} focusKey={attempt} />
          <form className="card form" onSubmit={submit} noValidate>
            <TextField
              id={FIELD_IDS.name}
              label={t('field.fullName')}
              autoComplete="name"
              value={name}
              onChange={setName}
              error={errors.name}
            />
            <NewPasswordFields
              ids={FIELD_IDS}
              label={t('field.password')}
              password={password}
              confirm={confirm}
              onPassword={setPassword}
              onConfirm={setConfirm}
              errors={errors}
            />
            <div className="form__actions">
              <button type="submit" className="button button--primary" aria-disabled={busy || undefined}>
                {busy ? t('common.sending') : t('invite.submit')}
              </button>
            </div>
          </form>
        </>
      )}
    </div>
  );
}
