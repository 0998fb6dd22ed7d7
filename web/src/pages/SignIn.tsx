import { useState, type FormEvent } from 'react';
import { api } from '../api';
import { ErrorSummary, Notice, TextField, type SummaryItem } from '../components/forms';
import { PageHeader, useTitle } from '../components/page';
import { errorMessage } from '../errors';
import { isLanguage, setLanguage, t, useLanguage } from '../i18n';
import { Link, navigate, queryParam, safeNext } from '../router';
import { useSession } from '../session';

export function SignInPage() {
  useLanguage();
  useTitle(t('signin.title'));
  const { setMe, announce } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [fieldErrors, setFieldErrors] = useState<{ email?: string; password?: string }>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    const errors: { email?: string; password?: string } = {};
    if (!email.trim()) errors.email = t('signin.emailRequired');
    if (!password) errors.password = t('signin.passwordRequired');
    setFieldErrors(errors);
    setProblem(null);
    setAttempt((n) => n + 1);
    if (errors.email || errors.password) return;
    setBusy(true);
    try {
      const me = await api.signIn(email.trim(), password);
      if (isLanguage(me.language)) setLanguage(me.language);
      setMe(me);
      announce(t('signin.signedInAs', { name: me.name }));
      navigate(safeNext(queryParam('next')) ?? '/organisation', { replace: true });
    } catch (err) {
      setPassword('');
      setProblem(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  const summary: SummaryItem[] = [];
  if (fieldErrors.email) summary.push({ fieldId: 'signin-email', message: fieldErrors.email });
  if (fieldErrors.password) summary.push({ fieldId: 'signin-password', message: fieldErrors.password });
  const expired = queryParam('expired') === '1';

  return (
    <div className="narrow">
      <PageHeader title={t('signin.title')} lead={t('signin.lead')} />
      {expired && !problem && <Notice kind="info">{t('signin.expired')}</Notice>}
      {problem && (
        <Notice kind="error" title={t('signin.failed')}>
          <p data-testid="signin-problem">{problem}</p>
        </Notice>
      )}
      <ErrorSummary items={summary} focusKey={attempt} />
      <form className="card form" onSubmit={submit} noValidate>
        <TextField
          id="signin-email"
          label={t('field.email')}
          type="email"
          autoComplete="username"
          spellCheck={false}
          value={email}
          onChange={setEmail}
          error={fieldErrors.email}
        />
        <TextField
          id="signin-password"
          label={t('field.password')}
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={setPassword}
          error={fieldErrors.password}
        />
        <div className="form__actions">
          <button type="submit" className="button button--primary" aria-disabled={busy || undefined}>
            {busy ? t('signin.submitting') : t('signin.submit')}
          </button>
        </div>
      </form>
      <p className="aside-text">
        <Link to="/forgot-password">{t('signin.forgotPassword')}</Link>
      </p>
      <p className="aside-text">
        {t('signin.noAccount')} <Link to="/signup">{t('signin.requestAccess')}</Link>
      </p>
    </div>
  );
}
