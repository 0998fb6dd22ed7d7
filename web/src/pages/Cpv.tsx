import { useRef, useState } from 'react';
import type { CpvMatch } from '../api';
import { CpvPicker } from '../components/CpvPicker';
import { PageHeader, useTitle } from '../components/page';
import { cpvLevelName, t, useLanguage } from '../i18n';
import { useSession } from '../session';

/** The CPV lookup: the picker on its own, with the codes picked so far. */
export function CpvPage() {
  useLanguage();
  useTitle(t('cpv.title'));
  const { announce } = useSession();
  const [picked, setPicked] = useState<CpvMatch[]>([]);
  const pickerRef = useRef<HTMLDivElement>(null);

  function remove(code: string) {
    const gone = picked.find((p) => p.code === code);
    setPicked((list) => list.filter((p) => p.code !== code));
    if (gone) announce(t('cpv.removed', { code: gone.code, label: gone.label }));
    pickerRef.current?.querySelector('input')?.focus();
  }

  return (
    <>
      <PageHeader title={t('cpv.title')} lead={t('cpv.lead')} />
      <div className="card" ref={pickerRef}>
        <CpvPicker
          label={t('cpv.label')}
          hint={t('cpv.hint')}
          picked={picked.map((p) => p.code)}
          onPick={(m) => setPicked((list) => (list.some((p) => p.code === m.code) ? list : [...list, m]))}
        />
      </div>
      <section className="card" aria-labelledby="cpv-picked-title">
        <h2 id="cpv-picked-title">{t('cpv.pickedTitle')}</h2>
        {picked.length === 0 ? (
          <p className="muted">{t('cpv.nonePicked')}</p>
        ) : (
          <ul className="picked-list" data-testid="cpv-picked">
            {picked.map((p) => (
              <li key={p.code} className="picked-list__item">
                <span className="code">{p.code}</span>
                <span className="picked-list__label">
                  {p.label}
                  <span className="muted"> · {cpvLevelName(p.level)}</span>
                </span>
                <button type="button" className="button button--link" onClick={() => remove(p.code)}>
                  {t('cpv.remove')}
                  <span className="visually-hidden"> {p.code} {p.label}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
