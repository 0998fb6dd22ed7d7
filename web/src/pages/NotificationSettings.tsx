// On the notifications page: how Cobuy tells the person about news (the daily e-mail digest,
// the kinds of in-app notifications) and the address of their personal calendar.
import { useEffect, useState, type FormEvent } from 'react';
import { communityApi, type NotificationPreferences } from '../api';
import { CheckboxField, Notice } from '../components/forms';
import { Loading } from '../components/page';
import { errorMessage } from '../errors';
import { t } from '../i18n';
import { sessionEnded, useSession } from '../session';

const IN_APP = ['mentions', 'events', 'membership', 'health'] as const;

export function NotificationSettings() {
  const { setMe, announce } = useSession();
  const [prefs, setPrefs] = useState<NotificationPreferences | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    communityApi
      .preferences()
      .then((p) => {
        if (live) setPrefs(p);
      })
      .catch((e) => {
        if (!live || sessionEnded(e, setMe)) return;
        setLoadError(errorMessage(e));
      });
    return () => {
      live = false;
    };
  }, [setMe]);

  async function save(e: FormEvent) {
    e.preventDefault();
    if (!prefs) return;
    setBusy(true);
    setProblem(null);
    setDone(null);
    try {
      setPrefs(await communityApi.savePreferences(prefs));
      const message = t('prefs.saved');
      setDone(message);
      announce(message);
    } catch (err) {
      if (sessionEnded(err, setMe)) return;
      setProblem(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <section className="card" aria-labelledby="prefs-title">
        <h2 id="prefs-title">{t('prefs.title')}</h2>
        {loadError && <Notice kind="error">{loadError}</Notice>}
        {problem && <Notice kind="error">{problem}</Notice>}
        {done && <Notice kind="success">{done}</Notice>}
        {!prefs && !loadError && <Loading />}
        {prefs && (
          <form className="form" onSubmit={save} noValidate>
            <fieldset className="fieldset">
              <legend className="fieldset__legend">{t('prefs.digest')}</legend>
              {(['daily', 'off'] as const).map((d) => (
                <div key={d} className="checkbox-field">
                  <input
                    id={`prefs-digest-${d}`}
                    type="radio"
                    name="prefs-digest"
                    className="checkbox"
                    checked={prefs.digest === d}
                    onChange={() => setPrefs({ ...prefs, digest: d })}
                  />
                  <label htmlFor={`prefs-digest-${d}`}>{t(`prefs.digest.${d}`)}</label>
                </div>
              ))}
            </fieldset>
            <fieldset className="fieldset">
              <legend className="fieldset__legend">{t('prefs.inApp')}</legend>
              {IN_APP.map((k) => (
                <CheckboxField
                  key={k}
                  id={`prefs-${k}`}
                  label={t(`prefs.inApp.${k}`)}
                  checked={prefs.in_app?.[k] ?? true}
                  onChange={(on) => setPrefs({ ...prefs, in_app: { ...prefs.in_app, [k]: on } })}
                />
              ))}
            </fieldset>
            <button type="submit" className="button button--primary" disabled={busy}>
              {busy ? t('common.saving') : t('prefs.save')}
            </button>
          </form>
        )}
      </section>
      <PersonalCalendar />
    </>
  );
}

function PersonalCalendar() {
  const { setMe, announce } = useSession();
  const [url, setUrl] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function create() {
    setBusy(true);
    setProblem(null);
    try {
      const r = await communityApi.calendarToken();
      const full = r.personal_url.startsWith('/') ? `${window.location.origin}${r.personal_url}` : r.personal_url;
      setUrl(full);
      announce(t('calendar.created'));
      window.requestAnimationFrame(() => document.getElementById('calendar-url')?.focus());
    } catch (err) {
      if (sessionEnded(err, setMe)) return;
      setProblem(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="calendar-title">
      <h2 id="calendar-title">{t('calendar.title')}</h2>
      <p>{t('calendar.lead')}</p>
      {problem && <Notice kind="error">{problem}</Notice>}
      {url && (
        <div className="field">
          <label className="field__label" htmlFor="calendar-url">
            {t('calendar.url')}
          </label>
          <p className="field__hint" id="calendar-url-hint">
            {t('calendar.urlHint')}
          </p>
          <input
            id="calendar-url"
            className="input"
            type="text"
            readOnly
            value={url}
            aria-describedby="calendar-url-hint"
            onFocus={(e) => e.target.select()}
          />
        </div>
      )}
      <button type="button" className="button button--secondary" onClick={create} disabled={busy}>
        {url ? t('calendar.renew') : t('calendar.create')}
      </button>
    </section>
  );
}
