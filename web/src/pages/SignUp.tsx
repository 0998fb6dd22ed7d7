import { useEffect, useState, type FormEvent } from 'react';
import { api, type OrganisationSummary } from '../api';
import {
  ErrorSummary,
  Notice,
  SelectField,
  TextField,
  errorSummary,
  serverFieldErrors,
  type FieldErrors,
} from '../components/forms';
import { Loading, PageHeader, useTitle } from '../components/page';
import { errorMessage } from '../errors';
import { t, useLanguage } from '../i18n';
import { Link } from '../router';
import { isValidEmail, passwordProblem } from '../validation';

type Field = 'name' | 'email' | 'password' | 'organisation_id';
const FIELD_IDS: Record<Field, string> = {
  name: 'signup-name',
  email: 'signup-email',
  password: 'signup-password',
  organisation_id: 'signup-organisation',
};

export function SignUpPage() {
  useLanguage();
  useTitle(t('signup.title'));
  const [organisations, setOrganisations] = useState<OrganisationSummary[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [organisationId, setOrganisationId] = useState('');
  const [errors, setErrors] = useState<FieldErrors<Field>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const [sentTo, setSentTo] = useState<{ email: string; organisation: string } | null>(null);

  useEffect(() => {
    api
      .organisations()
      .then(setOrganisations)
      .catch((e) => setLoadError(errorMessage(e)));
  }, []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    const found: FieldErrors<Field> = {};
    if (!name.trim()) found.name = t('validation.nameRequired');
    if (!email.trim()) found.email = t('validation.emailRequired');
    else if (!isValidEmail(email.trim())) found.email = t('validation.emailInvalid');
    const pw = passwordProblem(password);
    if (pw) found.password = pw;
    if (!organisationId) found.organisation_id = t('validation.organisationRequired');
    setErrors(found);
    setProblem(null);
    setAttempt((n) => n + 1);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      await api.signUp({ email: email.trim(), name: name.trim(), password, organisation_id: Number(organisationId) });
      const org = organisations?.find((o) => String(o.id) === organisationId);
      setSentTo({ email: email.trim(), organisation: org?.name ?? '' });
    } catch (err) {
      const server = serverFieldErrors(err, Object.keys(FIELD_IDS) as Field[]);
      setErrors(server);
      if (Object.keys(server).length === 0) setProblem(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  if (sentTo) {
    return (
      <div className="narrow">
        <PageHeader title={t('signup.sentTitle')} />
        <Notice kind="success">
          <p>{t('signup.sentBody', { organisation: sentTo.organisation })}</p>
          <p>{t('signup.sentEmail', { email: sentTo.email })}</p>
        </Notice>
        <p>
          <Link to="/signin">{t('signup.backToSignIn')}</Link>
        </p>
      </div>
    );
  }

  const summary = errorSummary(errors, FIELD_IDS);

  return (
    <div className="narrow">
      <PageHeader title={t('signup.title')} lead={t('signup.lead')} />
      {problem && <Notice kind="error">{problem}</Notice>}
      <ErrorSummary items={summary} focusKey={attempt} />
      {loadError && <Notice kind="error">{loadError}</Notice>}
      {!organisations && !loadError ? (
        <Loading />
      ) : (
        <form className="card form" onSubmit={submit} noValidate>
          <TextField
            id={FIELD_IDS.name}
            label={t('field.fullName')}
            autoComplete="name"
            value={name}
            onChange={setName}
            error={errors.name}
          />
          <TextField
            id={FIELD_IDS.email}
            label={t('field.workEmail')}
            type="email"
            autoComplete="email"
            spellCheck={false}
            value={email}
            onChange={setEmail}
            error={errors.email}
          />
          <TextField
            id={FIELD_IDS.password}
            label={t('field.password')}
            hint={t('field.passwordHint')}
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={setPassword}
            error={errors.password}
          />
          <SelectField
            id={FIELD_IDS.organisation_id}
            label={t('field.organisation')}
            hint={t('signup.organisationHint')}
            value={organisationId}
            onChange={setOrganisationId}
            error={errors.organisation_id}
          >
            <option value="">{t('signup.chooseOrganisation')}</option>
            {(organisations ?? []).map((o) => (
              <option key={o.id} value={String(o.id)}>
                {o.name} ({o.country})
              </option>
            ))}
          </SelectField>
          <div className="form__actions">
            <button type="submit" className="button button--primary" aria-disabled={busy || undefined}>
              {busy ? t('common.sending') : t('signup.submit')}
            </button>
          </div>
        </form>
      )}
      <p className="aside-text">
        {t('signup.haveAccount')} <Link to="/signin">{t('signup.signInLink')}</Link>
      </p>
    </div>
  );
}
