// Form building blocks: every field has a visible label, an optional hint and an error, both
// tied to the control with aria-describedby; a field in error is aria-invalid.
import {
  useEffect,
  useRef,
  type ReactNode,
  type InputHTMLAttributes,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from 'react';
import { ApiError } from '../api';
import { t, useLanguage } from '../i18n';

function describedBy(...ids: Array<string | false | undefined>): string | undefined {
  const list = ids.filter(Boolean).join(' ');
  return list || undefined;
}

interface FieldFrameProps {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  optional?: boolean;
  children: ReactNode;
  className?: string;
}

function FieldFrame({ id, label, hint, error, optional, children, className }: FieldFrameProps) {
  useLanguage();
  return (
    <div className={['field', error ? 'field--error' : '', className ?? ''].filter(Boolean).join(' ')}>
      <label className="field__label" htmlFor={id}>
        {label}
        {optional && <span className="field__optional"> {t('form.optional')}</span>}
      </label>
      {hint && (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field__error" id={`${id}-error`}>
          <span className="visually-hidden">{t('form.errorPrefix')} </span>
          {error}
        </p>
      )}
      {children}
    </div>
  );
}

type TextFieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value'> & {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  optional?: boolean;
  value: string;
  onChange: (value: string) => void;
  fieldClassName?: string;
};

export function TextField({ id, label, hint, error, optional, value, onChange, fieldClassName, ...rest }: TextFieldProps) {
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error} optional={optional} className={fieldClassName}>
      <input
        id={id}
        name={id}
        type="text"
        className="input"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-describedby={describedBy(hint !== undefined && `${id}-hint`, !!error && `${id}-error`)}
        aria-invalid={error ? true : undefined}
        aria-required={optional ? undefined : true}
        {...rest}
      />
    </FieldFrame>
  );
}

type SelectFieldProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, 'onChange' | 'value'> & {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  optional?: boolean;
  value: string;
  onChange: (value: string) => void;
  children: ReactNode;
};

export function SelectField({ id, label, hint, error, optional, value, onChange, children, ...rest }: SelectFieldProps) {
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error} optional={optional}>
      <select
        id={id}
        name={id}
        className="select"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-describedby={describedBy(hint !== undefined && `${id}-hint`, !!error && `${id}-error`)}
        aria-invalid={error ? true : undefined}
        aria-required={optional ? undefined : true}
        {...rest}
      >
        {children}
      </select>
    </FieldFrame>
  );
}

type TextAreaFieldProps = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'onChange' | 'value'> & {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  optional?: boolean;
  value: string;
  onChange: (value: string) => void;
};

export function TextAreaField({ id, label, hint, error, optional, value, onChange, rows, ...rest }: TextAreaFieldProps) {
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error} optional={optional}>
      <textarea
        id={id}
        name={id}
        className="input textarea"
        rows={rows ?? 4}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-describedby={describedBy(hint !== undefined && `${id}-hint`, !!error && `${id}-error`)}
        aria-invalid={error ? true : undefined}
        aria-required={optional ? undefined : true}
        {...rest}
      />
    </FieldFrame>
  );
}

/** A checkbox with its label to the right. */
export function CheckboxField({
  id,
  label,
  checked,
  onChange,
  disabled,
}: {
  id: string;
  label: ReactNode;
  checked: boolean;
  onChange: (checked: boolean) => void;
  disabled?: boolean;
}) {
  return (
    <div className="checkbox-field">
      <input
        id={id}
        type="checkbox"
        className="checkbox"
        checked={checked}
        disabled={disabled}
        onChange={(e) => onChange(e.target.checked)}
      />
      <label htmlFor={id}>{label}</label>
    </div>
  );
}

export interface SummaryItem {
  fieldId?: string;
  message: string;
}

/** A form's errors, by field. */
export type FieldErrors<F extends string> = Partial<Record<F, string>>;

/** The field errors a server problem names among `fields` (its errors[].field); none otherwise. */
export function serverFieldErrors<F extends string>(err: unknown, fields: readonly F[]): FieldErrors<F> {
  const out: FieldErrors<F> = {};
  if (err instanceof ApiError) {
    for (const fe of err.errors) if ((fields as readonly string[]).includes(fe.field)) out[fe.field as F] = fe.detail;
  }
  return out;
}

/** A form's errors as ErrorSummary lists them, in the order of `ids` (field -> its control's id). */
export function errorSummary<F extends string>(errors: FieldErrors<F>, ids: Record<F, string>): SummaryItem[] {
  return (Object.keys(ids) as F[]).filter((f) => errors[f]).map((f) => ({ fieldId: ids[f], message: errors[f]! }));
}

/** A new password and its repetition, as the invitation, reset and account forms ask for them. */
export function NewPasswordFields({
  ids,
  label,
  password,
  confirm,
  onPassword,
  onConfirm,
  errors,
}: {
  ids: { password: string; confirm: string };
  label: string;
  password: string;
  confirm: string;
  onPassword: (value: string) => void;
  onConfirm: (value: string) => void;
  errors: { password?: string; confirm?: string };
}) {
  useLanguage();
  return (
    <>
      <TextField
        id={ids.password}
        label={label}
        hint={t('field.passwordHint')}
        type="password"
        autoComplete="new-password"
        value={password}
        onChange={onPassword}
        error={errors.password}
      />
      <TextField
        id={ids.confirm}
        label={t('field.confirmPassword')}
        type="password"
        autoComplete="new-password"
        value={confirm}
        onChange={onConfirm}
        error={errors.confirm}
      />
    </>
  );
}

/**
 * The list of problems shown above a form after a failed submit; it takes focus so a screen
 * reader reads it, and each entry links to its field.
 */
export function ErrorSummary({ items, focusKey }: { items: SummaryItem[]; focusKey: number }) {
  useLanguage();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (items.length > 0) ref.current?.focus();
    // focusKey changes on every failed submit, so focus returns even when the problems are the same
  }, [focusKey]);
  if (items.length === 0) return null;
  return (
    <div className="error-summary" role="alert" tabIndex={-1} ref={ref} aria-labelledby="error-summary-title">
      <h2 className="error-summary__title" id="error-summary-title">
        {t('form.problemTitle')}
      </h2>
      <ul className="error-summary__list">
        {items.map((item, i) => (
          <li key={i}>
            {item.fieldId ? (
              <a
                href={`#${item.fieldId}`}
                onClick={(e) => {
                  const el = document.getElementById(item.fieldId!);
                  if (el) {
                    e.preventDefault();
                    el.focus();
                  }
                }}
              >
                {item.message}
              </a>
            ) : (
              item.message
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * A message box. Errors are role=alert (read at once); other notices are plain text, their news
 * told through the app's polite live region (see useSession().announce).
 */
export function Notice({
  kind,
  children,
  title,
}: {
  kind: 'success' | 'error' | 'info';
  children: ReactNode;
  title?: ReactNode;
}) {
  return (
    <div className={`notice notice--${kind}`} role={kind === 'error' ? 'alert' : undefined}>
      {title && <p className="notice__title">{title}</p>}
      <div className="notice__body">{children}</div>
    </div>
  );
}
