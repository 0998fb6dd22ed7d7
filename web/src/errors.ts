// Turns any failure into a sentence for the person using the app, in their language.
import { ApiError } from './api';
import { hasKey, t } from './i18n';

/**
 * The server's problem `detail` when it gave one (it names the actual problem), else a
 * translated sentence for the status; a 429 adds when to try again.
 */
export function errorMessage(error: unknown): string {
  if (!(error instanceof ApiError)) return t('error.unexpected');
  if (error.status === 0) return t('error.network');
  let message = error.detail;
  if (!message) {
    const key = `error.status.${error.status}`;
    message = hasKey(key) ? t(key) : t('error.unexpected');
  }
  if (error.status === 429 && error.retryAfter !== null) {
    message = `${message} ${retryText(error.retryAfter)}`;
  }
  return message;
}

export function retryText(seconds: number): string {
  if (seconds >= 120) return t('error.retryMinutes', { minutes: Math.ceil(seconds / 60) });
  return t('error.retrySeconds', { seconds });
}

export function isUnauthenticated(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401;
}
