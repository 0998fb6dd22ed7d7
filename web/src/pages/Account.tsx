// One's account (change password, sign out everywhere) and the pages an e-mail link opens:
// forgot password, reset password, confirm e-mail.
import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../api';
import {
  ErrorSummary,
  NewPasswordFields,
  Notice,
  TextField,
  errorSummary,
  serverFieldErrors,
  type FieldErrors,
} from '../components/forms';
import { PageHeader, useTitle } from '../components/page';
import { errorMessage } from '../errors';
import { t, useLanguage } from '../i18n';
import { Link, navigate } from '../router';
import { sessionEnded, useSession } from '../session';
import { isValidEmail, newPasswordProblems } from '../validation';

const CHANGE_IDS = {
  current_password: 'account-current-password',
  new_password: 'account-new-password',
  confirm: 'account-confirm-password',
} as const;
type ChangeField = keyof typeof CHANGE_IDS;

export function AccountPage() {
  useLanguage();
  useTitle(t('account.title'));
  const { me, setMe, announce } = useSession();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<FieldErrors<ChangeField>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const [everywhereProblem, setEverywhereProblem] = useState<string | null>(null);

  async function changePassword(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    const fresh = newPasswordProblems(next, confirm);
    const found: FieldErrors<ChangeField> = { new_password: fresh.password, confirm: fresh.confirm };
    if (!current) found.current_password = t('validation.passwordRequired');
    setErrors(found);
    setProblem(null);
    setDone(null);
    setAttempt((n) => n + 1);
    if (Object.values(found).some(Boolean)) return;
    setBusy(true);
    try {
      await api.changePassword({ current_password: current, new_password: next });
      const message = t('account.passwordChanged');
      setDone(message);
      announce(message);
      setCurrent('');
      setNext('');
      setConfirm('');
    } catch (err) {
      if (sessionEnded(err, setMe)) return;
      const server = serverFieldErrors(err, ['current_password', 'new_password'] as const);
      setErrors(server);
      setAttempt((n) => n + 1);
      if (Object.keys(server).length === 0) setProblem(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  async function signOutEverywhere() {
    setEverywhereProblem(null);
    try {
      await api.signOutEverywhere();
      setMe(null);
      announce(t('account.signedOutEverywhere'));
      navigate('/signin');
    } catch (err) {
      if (sessionEnded(err, setMe)) return;
      setEverywhereProblem(errorMessage(err));
    }
  }

  if (!me) return null;
  return (
    <div className="narrow">
      <PageHeader title={t('account.title')} lead={t('account.lead', { email: me.email })} />
      <section className="card" aria-labelledby="account-password-title">
        <h2 id="account-password-title">{t('account.passwordTitle')}</h2>
        <p>{t('account.passwordLead')}</p>
        {done && <Notice kind="success">{done}</Notice>}
        {problem && <Notice kind="error">{problem}</Notice>}
        <ErrorSummary items={errorSummary(errors, CHANGE_IDS)} focusKey={attempt} />
        <form className="form" onSubmit={changePassword} noValidate>
          <TextField
            id={CHANGE_IDS.current_password}
            label={t('field.currentPassword')}
            type="password"
            autoComplete="current-password"
            value={current}
            onChange={setCurrent}
            error={errors.current_password}
          />
          <NewPasswordFields
            ids={{ password: CHANGE_IDS.new_password, confirm: CHANGE_IDS.confirm }}
            label={t('field.newPassword')}
            password={next}
            confirm={confirm}
            onPassword={setNext}
            onConfirm={setConfirm}
            errors={{ password: errors.new_password, confirm: errors.confirm }}
          />
          <div className="form__actions">
            <button type="submit" className="button button--primary" aria-disabled={busy || undefined}>
              {busy ? t('common.sending') : t('account.changePassword')}
            </button>
          </div>
        </form>
      </section>
      <section className="card" aria-labelledby="account-sessions-title">
        <h2 id="account-sessions-title">{t('account.sessionsTitle')}</h2>
        <p>{t('account.sessionsLead')}</p>
        {everywhereProblem && <Notice kind="error">{everywhereProblem}</Notice>}
        <button type="button" className="button button--secondary" onClick={signOutEverywhere}>
          {t('account.signOutEverywhere')}
        </button>
      </section>
    </div>
  );
}

export function ForgotPasswordPage() {
  useLanguage();
  useTitle(t('forgot.title'));
  const [email, setEmail] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [problem, setProblem] = useState<string | null>(null);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    const trimmed = email.trim();
    const found = !trimmed ? t('validation.emailRequired') : !isValidEmail(trimmed) ? t('validation.emailInvalid') : undefined;
    setError(found);
    setProblem(null);
    setAttempt((n) => n + 1);
    if (found) return;
    setBusy(true);
    try {
      await api.requestPasswordReset(trimmed);
      setSentTo(trimmed);
    } catch (err) {
      const server = serverFieldErrors(err, ['email'] as const);
      setError(server.email);
      if (!server.email) setProblem(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  if (sentTo) {
    return (
      <div className="narrow">
        <PageHeader title={t('forgot.sentTitle')} />
        <Notice kind="success">{t('forgot.sentBody', { email: sentTo })}</Notice>
        <p>
          <Link to="/signin">{t('signup.backToSignIn')}</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="narrow">
      <PageHeader title={t('forgot.title')} lead={t('forgot.lead')} />
      {problem && <Notice kind="error">{problem}</Notice>}
      <ErrorSummary items={error ? [{ fieldId: 'forgot-email', message: error }] : []} focusKey={attempt} />
      <form className="card form" onSubmit={submit} noValidate>
        <TextField
          id="forgot-email"
          label={t('field.email')}
          type="email"
          autoComplete="email"
          spellCheck={false}
          value={email}
          onChange={setEmail}
          error={error}
        />
        <div className="form__actions">
          <button type="submit" className="button button--primary" aria-disabled={busy || undefined}>
            {busy ? t('common.sending') : t('forgot.submit')}
          </button>
        </div>
      </form>
      <p className="aside-text">
        <Link to="/signin">{t('signup.backToSignIn')}</Link>
      </p>
    </div>
  );
}

const RESET_IDS = { password: 'reset-password', confirm: 'reset-confirm' } as const;
type ResetField = keyof typeof RESET_IDS;

export function ResetPasswordPage({ token }: { token: string }) {
  useLanguage();
  useTitle(t('reset.title'));
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<FieldErrors<ResetField>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    const found: FieldErrors<ResetField> = newPasswordProblems(password, confirm);
    setErrors(found);
    setProblem(null);
    setAttempt((n) => n + 1);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      await api.resetPassword(token, password);
      setDone(true);
    } catch (err) {
      const server = serverFieldErrors(err, ['password'] as const);
      setErrors(server);
      setAttempt((n) => n + 1);
      if (!server.password) {
        setProblem(err instanceof ApiError && err.status === 404 ? t('reset.invalid') : errorMessage(err));
      }
    } finally {
      setBusy(false);
    }
  }

  if (done) {
    return (
      <div className="narrow">
        <PageHeader title={t('reset.doneTitle')} />
        <Notice kind="success">{t('reset.doneBody')}</Notice>
        <p>
          <Link to="/signin" className="button button--primary">
            {t('invite.signIn')}
          </Link>
        </p>
      </div>
    );
  }
  return (
    <div className="narrow">
      <PageHeader title={t('reset.title')} lead={t('reset.lead')} />
      {problem && (
        <Notice kind="error">
          {problem} <Link to="/forgot-password">{t('reset.askAgain')}</Link>
        </Notice>
      )}
      <ErrorSummary items={errorSummary(errors, RESET_IDS)} focusKey={attempt} />
      <form className="card form" onSubmit={submit} noValidate>
        <NewPasswordFields
          ids={RESET_IDS}
          label={t('field.newPassword')}
          password={password}
          confirm={confirm}
          onPassword={setPassword}
          onConfirm={setConfirm}
          errors={errors}
        />
        <div className="form__actions">
          <button type="submit" className="button button--primary" aria-disabled={busy || undefined}>
            {busy ? t('common.sending') : t('reset.submit')}
          </button>
        </div>
      </form>
    </div>
  );
}

/** Confirms on a click, not on load: mail scanners that open links must not confirm for the reader. */
export function ConfirmEmailPage({ token }: { token: string }) {
  useLanguage();
  useTitle(t('confirmEmail.title'));
  const [state, setState] = useState<'ready' | 'busy' | 'done'>('ready');
  const [problem, setProblem] = useState<string | null>(null);

  async function confirmNow() {
    if (state !== 'ready') return;
    setState('busy');
    setProblem(null);
    try {
      await api.confirmEmail(token);
      setState('done');
    } catch (err) {
      setProblem(err instanceof ApiError && err.status === 404 ? t('confirmEmail.invalid') : errorMessage(err));
      setState('ready');
    }
  }

  return (
    <div className="narrow">
      <PageHeader title={t('confirmEmail.title')} lead={state === 'done' ? undefined : t('confirmEmail.lead')} />
      {problem && <Notice kind="error">{problem}</Notice>}
      {state === 'done' ? (
        <Notice kind="success">{t('confirmEmail.done')}</Notice>
      ) : (
        <button type="button" className="button button--primary" aria-disabled={state === 'busy' || undefined} onClick={confirmNow}>
          {state === 'busy' ? t('common.sending') : t('confirmEmail.submit')}
        </button>
      )}
    </div>
  );
}
