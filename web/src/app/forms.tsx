import { useId, useState, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes } from 'react';
import * as z from 'zod/mini';
import { errorText, ApiError } from './api';
import type { I18n } from './i18n';
import type { AppKey } from './messages';

export type FieldErrors = Record<string, string>;

/**
 * Validates form values with the same zod schema the API uses, and turns its issues into
 * translated messages keyed by field path (`owner.email`, `mon.0.close`). `hints` give a field's own
 * words for "wrong format" (an email, a colour) instead of a generic one.
 */
export function validate<S extends z.ZodMiniType>(
  schema: S, values: unknown, t: I18n['t'], hints: Record<string, AppKey> = {},
): { ok: true; data: z.output<S> } | { ok: false; errors: FieldErrors } {
  const r = z.safeParse(schema, values);
  if (r.success) return { ok: true, data: r.data };
  const errors: FieldErrors = {};
  for (const issue of r.error.issues) {
    const path = issue.path.map(String).join('.');
    if (errors[path]) continue;
    errors[path] = issueMessage(issue, path, t, hints);
  }
  return { ok: false, errors };
}

function issueMessage(issue: z.core.$ZodIssue, path: string, t: I18n['t'], hints: Record<string, AppKey>): string {
  const hint = hints[path] ?? hints[path.split('.').pop() ?? ''];
  if (issue.code === 'too_small' && issue.origin === 'string') {
    return Number(issue.minimum) <= 1 ? t('field.required') : t('field.tooShort', { min: Number(issue.minimum) });
  }
  if (issue.code === 'too_big' && issue.origin === 'string') return t('field.tooLong', { max: Number(issue.maximum) });
  // Numbers (prices are cents: their bounds are not shown as such; `0` reads "cannot be negative").
  if (issue.code === 'too_small' && issue.origin === 'number') {
    return Number(issue.minimum) === 0 ? t('field.notNegative') : hint === 'field.money' ? t('field.money') : t('field.min', { min: Number(issue.minimum) });
  }
  if (issue.code === 'too_big' && issue.origin === 'number') return hint === 'field.money' ? t('field.money') : t('field.max', { max: Number(issue.maximum) });
  if (issue.code === 'too_small' && (issue.origin === 'array' || issue.origin === 'set')) return t('field.chooseOne');
  if (issue.code === 'invalid_type') {
    // zod reports no input: NaN comes as `received: 'NaN'`, a fraction for an integer as its format;
    // an issue with neither is a missing value.
    const received = (issue as { received?: string }).received;
    if (received === 'NaN') return t(hint ?? 'field.number');
    if (issue.expected === 'int' && 'format' in issue) return t(hint ?? 'field.integer');
    if (received === undefined) return t('field.required');
  }
  if (issue.code === 'invalid_value') return t(hint ?? 'field.choice');
  return t(hint ?? (issue.code === 'invalid_format' ? 'field.format' : 'field.invalid'));
}

/**
 * Field errors the API sent back (`details.fields`): each field gets the words of the error's
 * reason (`email_taken` on `email`). The page loads the `errors` catalogue (`usePageI18n(…, 'errors')`).
 */
export function apiFieldErrors(error: unknown): FieldErrors {
  if (!(error instanceof ApiError)) return {};
  const fields = (error.details?.fields ?? []) as { path: string; message: string }[];
  const out: FieldErrors = {};
  for (const f of fields) out[f.path] = errorText(error);
  return out;
}

/** A small form state: values by name, and the errors of the last validation. */
export function useFormState<T extends Record<string, string>>(initial: T) {
  const [values, setValues] = useState<T>(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const bind = (name: keyof T & string) => ({
    name,
    value: values[name],
    onChange: (e: { target: { value: string } }) => setValues((v) => ({ ...v, [name]: e.target.value })),
    error: errors[name],
  });
  return { values, setValues, errors, setErrors, bind };
}

type FieldProps = { label: string; hint?: string | undefined; error?: string | undefined } & InputHTMLAttributes<HTMLInputElement>;

/** A labelled input with its hint and its error, wired for screen readers. */
export function Field({ label, hint, error, ...input }: FieldProps) {
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...input} />
      {hint && <p className="hint" id={`${id}-hint`}>{hint}</p>}
      {error && <p className="field-error" id={`${id}-error`}>{error}</p>}
    </div>
  );
}

/**
 * The one money input: a text field for an amount in the space's currency ("12,50"), read with
 * `parseMoney` and checked with `moneyError` (../app/money.ts); decimal keyboard on phones.
 */
export function MoneyField(props: Omit<FieldProps, 'type' | 'inputMode'>) {
  return <Field inputMode="decimal" autoComplete="off" {...props} />;
}

type SelectProps = { label: string; error?: string | undefined; children: ReactNode } & SelectHTMLAttributes<HTMLSelectElement>;
export function SelectField({ label, error, children, ...select }: SelectProps) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} {...select}>{children}</select>
      {error && <p className="field-error" id={`${id}-error`}>{error}</p>}
    </div>
  );
}

// Kept here too, so a page finds all its form pieces in one import.
export { ErrorNote, Notice } from './notes';
