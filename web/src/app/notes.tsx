import { Suspense, type ReactNode } from 'react';
import { errorText } from './api';
import { usePageI18n } from './i18n';

// Apart from forms.tsx (which brings zod for validation), so the shell shows errors without it.

/**
 * The failure of a call, in the reader's language, from the error's reason and params. Its words
 * are in the `errors` catalogue, fetched on the first failure shown (or with the page).
 */
export function ErrorNote({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <Suspense fallback={null}>
      <ErrorText error={error} />
    </Suspense>
  );
}
function ErrorText({ error }: { error: unknown }) {
  usePageI18n('errors');
  return <p className="alert alert-error" role="alert">{errorText(error)}</p>;
}

export function Notice({ children }: { children: ReactNode }) {
  return <p className="alert alert-ok" role="status">{children}</p>;
}
