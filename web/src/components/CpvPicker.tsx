// A CPV code picker following the WAI-ARIA combobox pattern (editable combobox with list
// autocomplete): the text box owns a listbox of matches; arrow keys move the active option
// (aria-activedescendant), Enter picks it, Escape closes the list (or clears the box when closed).
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { api, type CpvMatch } from '../api';
import { errorMessage } from '../errors';
import { displayLanguage, t, useLanguage } from '../i18n';

export const CPV_DEBOUNCE_MS = 200;
export const CPV_LIMIT = 10;
const MIN_QUERY = 2;

export interface CpvPickerProps {
  /** The visible label of the text box. */
  label: string;
  hint?: string;
  /** Called with the match the person picked. */
  onPick: (match: CpvMatch) => void;
  /** Codes already picked: shown as such in the list. */
  picked?: readonly string[];
  /** The text box's id, when a form must point at it (an error summary's link). */
  inputId?: string;
  /** A problem with the choice (e.g. the server's field error), tied to the text box. */
  error?: string;
}

export function CpvPicker({ label, hint, onPick, picked = [], inputId: givenId, error: fieldError }: CpvPickerProps) {
  const lang = useLanguage();
  const base = useId().replace(/:/g, '');
  const inputId = givenId ?? `${base}-input`;
  const errorId = `${inputId}-error`;
  const listId = `${base}-listbox`;
  const hintId = `${base}-hint`;
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<CpvMatch[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [status, setStatus] = useState('');
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [noMatches, setNoMatches] = useState(false);
  const seq = useRef(0);
  const listRef = useRef<HTMLUListElement>(null);

  // Look the text up once typing pauses; a newer lookup makes older answers void.
  useEffect(() => {
    const q = query.trim();
    const mine = ++seq.current;
    if (q.length < MIN_QUERY) {
      setResults([]);
      setOpen(false);
      setActive(-1);
      setLoading(false);
      setError(null);
      setNoMatches(false);
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setLoading(true);
      api
        .cpv(q, lang, CPV_LIMIT, controller.signal)
        .then((found) => {
          if (mine !== seq.current) return;
          setResults(found);
          setActive(-1);
          setOpen(found.length > 0);
          setNoMatches(found.length === 0);
          setError(null);
          setStatus(
            found.length === 0
              ? t('cpv.noResults', { query: q })
              : found.length === 1
                ? t('cpv.oneResult')
                : t('cpv.results', { count: found.length }),
          );
        })
        .catch((e: unknown) => {
          if (mine !== seq.current || (e instanceof DOMException && e.name === 'AbortError')) return;
          setResults([]);
          setOpen(false);
          setError(errorMessage(e));
        })
        .finally(() => {
          if (mine === seq.current) setLoading(false);
        });
    }, CPV_DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [query, lang]);

  useEffect(() => {
    if (active < 0) return;
    const el = document.getElementById(`${listId}-${active}`);
    if (el && typeof el.scrollIntoView === 'function') el.scrollIntoView({ block: 'nearest' });
  }, [active, listId]);

  function pick(match: CpvMatch) {
    onPick(match);
    seq.current++;
    setQuery('');
    setResults([]);
    setOpen(false);
    setActive(-1);
    setStatus(t('cpv.picked', { code: match.code, label: match.label }));
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    const n = results.length;
    switch (e.key) {
      case 'ArrowDown':
        if (n === 0) return;
        e.preventDefault();
        if (!open) {
          setOpen(true);
          if (!e.altKey) setActive(0);
        } else {
          setActive((a) => (a + 1) % n);
        }
        break;
      case 'ArrowUp':
        if (n === 0) return;
        e.preventDefault();
        if (!open) {
          setOpen(true);
          setActive(n - 1);
        } else {
          setActive((a) => (a <= 0 ? n - 1 : a - 1));
        }
        break;
      case 'Enter':
        if (open) {
          e.preventDefault();
          if (active >= 0 && active < n) pick(results[active]);
        }
        break;
      case 'Escape':
        if (open) {
          e.preventDefault();
          setOpen(false);
          setActive(-1);
        } else if (query) {
          e.preventDefault();
          setQuery('');
        }
        break;
      case 'Tab':
        setOpen(false);
        setActive(-1);
        break;
      default:
        break;
    }
  }

  const expanded = open && results.length > 0;
  const describedBy = [hint ? hintId : '', fieldError ? errorId : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`combobox field${fieldError ? ' field--error' : ''}`}>
      <label className="field__label" htmlFor={inputId}>
        {label}
      </label>
      {hint && (
        <p className="field__hint" id={hintId}>
          {hint}
        </p>
      )}
      {fieldError && (
        <p className="field__error" id={errorId}>
          <span className="visually-hidden">{t('form.errorPrefix')} </span>
          {fieldError}
        </p>
      )}
      <div className="combobox__wrap">
        <input
          id={inputId}
          className="input combobox__input"
          type="text"
          role="combobox"
          autoComplete="off"
          autoCapitalize="off"
          spellCheck={false}
          aria-autocomplete="list"
          aria-expanded={expanded}
          aria-controls={listId}
          aria-activedescendant={expanded && active >= 0 ? `${listId}-${active}` : undefined}
          aria-describedby={describedBy}
          aria-invalid={fieldError ? true : undefined}
          aria-busy={loading || undefined}
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setNoMatches(false);
            if (e.target.value.trim().length < MIN_QUERY) setStatus('');
            setOpen(false);
            setActive(-1);
          }}
          onKeyDown={onKeyDown}
          onBlur={() => {
            setOpen(false);
            setActive(-1);
          }}
          onFocus={() => {
            if (results.length > 0) setOpen(true);
          }}
        />
        {loading && <span className="spinner combobox__spinner" aria-hidden="true" />}
        <ul className="combobox__listbox" id={listId} role="listbox" aria-label={label} ref={listRef} hidden={!expanded}>
          {results.map((m, i) => {
            const already = picked.includes(m.code);
            const other = m.matched_language && m.matched_language !== lang && m.matched_label !== m.label;
            return (
              <li
                key={m.code}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === active}
                className={`combobox__option${i === active ? ' is-active' : ''}${already ? ' is-picked' : ''}`}
                onMouseDown={(e) => e.preventDefault()}
                onMouseMove={() => setActive(i)}
                onClick={() => pick(m)}
              >
                <span className="combobox__code">{m.code}</span>
                <span className="combobox__label">
                  {m.label}
                  {other && (
                    <span className="combobox__matched">
                      {t('cpv.matchedIn', { label: m.matched_label, language: displayLanguage(m.matched_language) })}
                    </span>
                  )}
                </span>
                {already && <span className="combobox__tick">{t('cpv.alreadyPicked')}</span>}
              </li>
            );
          })}
        </ul>
      </div>
      {noMatches && !loading && query.trim().length >= MIN_QUERY && (
        <p className="combobox__empty">{t('cpv.noResults', { query: query.trim() })}</p>
      )}
      {error && (
        <p className="field__error" role="alert">
          {error}
        </p>
      )}
      <p className="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
        {status}
      </p>
    </div>
  );
}
