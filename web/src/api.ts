/**
 * The dashboard's only way to the server: same-origin fetches to /v1 with the signed-in
 * user's bearer token. Errors arrive as Tutti's `{error: {code, message, details?}}` and are
 * thrown as ApiError so pages can tell "not allowed" from "not there yet" from "broken".
 */
import { useCallback, useEffect, useState } from 'react';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The server has no such route: a feature this Tutti does not offer (yet). */
  get routeMissing(): boolean {
    return this.status === 404 && this.code === 'not_found' && /^No route/i.test(this.message);
  }
}

const TOKEN_KEY = 'tutti.token';
const USER_KEY = 'tutti.user';

export interface Session {
  token: string;
  /** From GET /v1/me when the server offers it; null when it does not say. */
  name: string | null;
  role: string | null;
}

export function loadSession(): Session | null {
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (!token) return null;
  const user = JSON.parse(sessionStorage.getItem(USER_KEY) ?? '{}') as { name?: string | null; role?: string | null };
  return { token, name: user.name ?? null, role: user.role ?? null };
}

export function saveSession(session: Session): void {
  sessionStorage.setItem(TOKEN_KEY, session.token);
  sessionStorage.setItem(USER_KEY, JSON.stringify({ name: session.name, role: session.role }));
}

export function clearSession(): void {
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem(USER_KEY);
}

/** Called when the server says the token is no longer valid. */
let onUnauthenticated: () => void = () => undefined;
export function setUnauthenticatedHandler(handler: () => void): void {
  onUnauthenticated = handler;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT';
  body?: unknown;
  token?: string;
  signal?: AbortSignal;
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const token = options.token ?? loadSession()?.token;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, {
    method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
    headers,
    body: options.body === undefined ? null : JSON.stringify(options.body),
    signal: options.signal ?? null,
  });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text === '' ? null : JSON.parse(text);
  } catch {
    throw new ApiError(res.status, 'bad_response', `The server answered ${res.status} with something that is not JSON.`);
  }
  if (!res.ok) {
    const error = (json as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
    const failure = new ApiError(res.status, error?.code ?? `http_${res.status}`, error?.message ?? `The server answered ${res.status}.`, error?.details);
    if (res.status === 401 && options.token === undefined) onUnauthenticated();
    throw failure;
  }
  return json as T;
}

export type Loaded<T> =
  | { state: 'loading' }
  | { state: 'ok'; data: T }
  | { state: 'error'; error: ApiError };

/** GET a path whenever it changes (null: nothing to load). `reload` fetches it again. */
export function useApi<T>(path: string | null): Loaded<T> & { reload: () => void } {
  const [result, setResult] = useState<Loaded<T>>({ state: 'loading' });
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  useEffect(() => {
    if (path === null) return;
    const controller = new AbortController();
    setResult({ state: 'loading' });
    api<T>(path, { signal: controller.signal }).then(
      (data) => setResult({ state: 'ok', data }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setResult({ state: 'error', error: error instanceof ApiError ? error : new ApiError(0, 'network', error instanceof Error ? error.message : String(error)) });
      },
    );
    return () => controller.abort();
  }, [path, generation]);
  return { ...result, reload };
}

/** `email:ann@example.com` → a path segment. */
export const refPath = (ref: string): string => encodeURIComponent(ref);
