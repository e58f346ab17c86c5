import { RelaisApiError } from '../shared/http';
import type { Texts } from './i18n';

/** A 400's `details`: the path of each bad field and why. */
export type FieldErrors = Record<string, string>;

/**
 * What to tell the advisor when a call failed; null on a 401, where the session already sends them to the login form.
 */
export function failureNotice(t: Texts, error: unknown): string | null {
  if (error instanceof RelaisApiError && error.error.statusCode === 401) return null;
  return `${t.failed} ${error instanceof RelaisApiError ? error.error.message : t.unreachable}`;
}

/** `details[].field` → its first reason, so a form can show each error at its field. */
export function fieldErrors(error: unknown): FieldErrors {
  const details = error instanceof RelaisApiError ? (error.error as { details?: { field: string; reasons?: string[] }[] }).details : undefined;
  return Object.fromEntries((details ?? []).map((d) => [d.field, d.reasons?.[0] ?? '']));
}

/** Offers a text as a file download (CSV exports). */
export function download(text: string, filename: string, type = 'text/csv'): void {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([text], { type }));
  link.download = filename;
  link.click();
  URL.revokeObjectURL(link.href);
}
