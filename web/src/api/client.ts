/** The one way the UI talks to the API: same origin, bearer token, errors as ApiError. */

const TOKEN_KEY = 'reclaim.token';

export function storedToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function storeToken(token: string | null): void {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
}

/** The API's error envelope, kept whole so pages can explain a code in plain words. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown>,
    readonly requestId: string | null,
  ) {
    super(message);
  }
}

interface Options {
  readonly method?: 'GET' | 'POST';
  readonly body?: unknown;
  readonly signal?: AbortSignal;
  /** Overrides the stored token (sign-in checks a pasted token before keeping it). */
  readonly token?: string;
}

async function send(path: string, options: Options): Promise<Response> {
  const token = options.token ?? storedToken();
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, {
    method: options.method ?? 'GET',
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: options.signal,
  });
  if (!res.ok) throw await toError(res);
  return res;
}

async function toError(res: Response): Promise<ApiError> {
  const requestId = res.headers.get('x-request-id');
  try {
    const body = (await res.json()) as { error?: { code?: string; message?: string; details?: unknown } };
    const e = body.error ?? {};
    const details = e.details && typeof e.details === 'object' ? (e.details as Record<string, unknown>) : {};
    return new ApiError(
      res.status,
      e.code ?? `HTTP_${res.status}`,
      e.message ?? res.statusText,
      details,
      requestId,
    );
  } catch {
    return new ApiError(res.status, `HTTP_${res.status}`, res.statusText, {}, requestId);
  }
}

export async function getJson<T>(path: string, options: Options = {}): Promise<T> {
  return (await (await send(path, options)).json()) as T;
}

export async function postJson<T>(path: string, body: unknown, options: Options = {}): Promise<T> {
  return (await (await send(path, { ...options, method: 'POST', body })).json()) as T;
}

export async function getText(path: string, options: Options = {}): Promise<string> {
  return (await send(path, options)).text();
}

/** Query string from the defined, non-empty entries, in a stable order. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** Fetches a file with the bearer token (a plain link cannot send it) and saves it under `name`. */
export async function downloadAs(path: string, name: string, type = 'text/plain'): Promise<void> {
  const text = await getText(path);
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
