/**
 * Sign-in: paste a token from `tutti users add NAME --role …` (or the one `tutti demo` prints).
 * The token is checked against the server before it is kept; the role comes from GET /v1/me
 * when the server has it — the dashboard never decodes a token.
 */
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { api, ApiError, type Session } from '../api';

async function verify(token: string): Promise<Session> {
  try {
    const me = await api<{ name?: string; role?: string; user?: { name?: string; role?: string } }>('/v1/me', { token });
    const user = me.user ?? me;
    return { token, name: user.name ?? null, role: user.role ?? null };
  } catch (error) {
    if (!(error instanceof ApiError) || !error.routeMissing) throw error;
  }
  // No "who am I" route: any authenticated read proves the token.
  await api('/v1/policy', { token });
  return { token, name: null, role: null };
}

export function SignIn({ onSignedIn }: { onSignedIn: (session: Session) => void }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const value = token.trim().replace(/^bearer\s+/i, '');
    if (value === '') {
      setError('Paste your API token first.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await verify(value));
    } catch (err) {
      setError(err instanceof ApiError && err.status === 401 ? 'That token is not valid. Ask an admin for a new one (tutti users add NAME --role ROLE).' : `Could not sign in: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" className="sign-in">
      <h1 ref={heading} tabIndex={-1}>
        Sign in to Tutti
      </h1>
      <p>Paste the API token you were given. It stays in this browser tab only and is forgotten when the tab closes.</p>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <label htmlFor="token">API token</label>
        <input
          id="token"
          name="token"
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={token}
          onChange={(e) => setToken(e.target.value)}
          aria-describedby={error ? 'token-error token-help' : 'token-help'}
          aria-invalid={error ? true : undefined}
        />
        <p id="token-help" className="help">
          A token looks like <code>tt_…</code>. <code>tutti demo</code> prints an admin token; <code>tutti users add NAME --role admin|DEPARTMENT</code> makes others.
        </p>
        {error ? (
          <p id="token-error" className="error-text" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" disabled={busy}>
          {busy ? 'Checking…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
