// Client-side checks that mirror the server's rules, so most mistakes get a translated message
// before a request is sent. The server still decides; its field errors are shown as they come.
import { t } from './i18n';

export function isValidEmail(email: string): boolean {
  if (email.length < 3 || email.length > 254) return false;
  const at = email.indexOf('@');
  if (at <= 0 || at !== email.lastIndexOf('@')) return false;
  const domain = email.slice(at + 1);
  if (!domain.includes('.') || domain.startsWith('.') || domain.endsWith('.')) return false;
  return !/[\s<>,;"]/.test(email);
}

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 128;

/** A translated reason why the password would be refused, or null. */
export function passwordProblem(password: string): string | null {
  if (!password) return t('validation.passwordRequired');
  if (password.length < PASSWORD_MIN) return t('validation.passwordShort', { min: PASSWORD_MIN });
  if (new TextEncoder().encode(password).length > PASSWORD_MAX) return t('validation.passwordLong', { max: PASSWORD_MAX });
  if ([...password].every((c) => c === password[0])) return t('validation.passwordRepeated');
  return null;
}

/** The problems of a new password and its repetition: the password's own, else a mismatch. */
export function newPasswordProblems(password: string, confirm: string): { password?: string; confirm?: string } {
  const pw = passwordProblem(password);
  if (pw) return { password: pw };
  return confirm !== password ? { confirm: t('validation.passwordMismatch') } : {};
}
