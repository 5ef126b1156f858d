/** Loading, error and empty states, and a wrapper that picks the right one for a request. */
import type { ReactNode } from 'react';
import type { ApiError, Loaded } from '../api';

export function Loading({ what }: { what: string }) {
  return (
    <p className="loading" role="status">
      Loading {what}…
    </p>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty" data-testid="empty-state">
      <p className="empty-title">{title}</p>
      {children ? <div className="empty-body">{children}</div> : null}
    </div>
  );
}

export function ErrorBox({ error, what }: { error: ApiError; what: string }) {
  if (error.status === 403) {
    return (
      <div className="notice" role="alert" data-testid="forbidden">
        <p>
          <strong>Your role may not see {what}.</strong> {error.message}
        </p>
      </div>
    );
  }
  return (
    <div className="error" role="alert">
      <p>
        <strong>Could not load {what}.</strong> {error.message} <span className="code">({error.code})</span>
      </p>
    </div>
  );
}

/**
 * Renders `children(data)` once loaded. A route the server does not have yet is an empty state
 * naming the API it waits for, not an error.
 */
export function ApiView<T>({ result, what, api, children }: { result: Loaded<T>; what: string; api: string; children: (data: T) => ReactNode }) {
  if (result.state === 'loading') return <Loading what={what} />;
  if (result.state === 'error') {
    if (result.error.routeMissing) {
      return (
        <EmptyState title={`No ${what} yet: this Tutti server does not offer it.`}>
          <p>
            The dashboard reads {what} from <code>{api}</code>, which answered 404. It appears here as soon as the server provides it.
          </p>
        </EmptyState>
      );
    }
    return <ErrorBox error={result.error} what={what} />;
  }
  return <>{children(result.data)}</>;
}
