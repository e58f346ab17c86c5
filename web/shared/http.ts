// JSON over fetch with Relais's one error model: a failed answer throws `RelaisApiError` carrying
// `{statusCode, code, message}` (and `retryAfterSeconds` when the server said when to retry).
export interface ApiError {
  statusCode: number;
  code: string;
  message: string;
  retryAfterSeconds?: number;
}

export class RelaisApiError extends Error {
  constructor(readonly error: ApiError) {
    super(`${error.code}: ${error.message}`);
  }
}

export async function fetchJson<T>(url: string, method: string, headers: Record<string, string>, body?: unknown, keepalive = false): Promise<T> {
  if (body !== undefined) headers = { ...headers, 'content-type': 'application/json' };
  const response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), keepalive });
  const payload: unknown = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) {
    const error = (payload as ApiError | null) ?? { statusCode: response.status, code: 'HTTP_ERROR', message: response.statusText };
    const retryAfter = Number(response.headers.get('retry-after'));
    throw new RelaisApiError(retryAfter > 0 ? { ...error, retryAfterSeconds: retryAfter } : error);
  }
  return payload as T;
}
