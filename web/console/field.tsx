import type { ComponentChildren } from 'preact';

export interface FieldControl {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: boolean;
}

/**
 * A labelled form control with its error under it, tied to the control (aria-describedby, aria-invalid) so a
 * screen reader reads why when the field is focused.
 */
export function Field({ id, label, error, hint, children }: { id: string; label: string; error?: string; hint?: string; children: (control: FieldControl) => ComponentChildren }) {
  const described = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ');
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {children({ id, 'aria-describedby': described || undefined, 'aria-invalid': error ? true : undefined })}
      {hint && (
        <span id={`${id}-hint`} class="meta">
          {hint}
        </span>
      )}
      {error && (
        <span id={`${id}-error`} class="field-error" data-field-error>
          {error}
        </span>
      )}
    </div>
  );
}

/** The value of the input an event came from. */
export const valueOf = (e: Event) => (e.target as HTMLInputElement).value;
