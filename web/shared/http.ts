// JSON over fetch with Relais's one error model: a failed answer throws `RelaisApiError` carrying
// `{statusCode, code, message}` and the answer's headers (`Retry-After` on a 429).
export interface ApiError {
  statusCode: number;
  code: string;
  message: string;
}

export class RelaisApiError extends Error {
  constructor(
    readonly error: ApiError,
    readonly headers?: Headers,
  ) {
    super(`${error.code}: ${error.message}`);
  }
}

export async function fetchJson<T>(url: string, method: string, headers: Record<string, string>, body?: unknown, keepalive = false): Promise<T> {
  if (body !== undefined) headers = { ...headers, 'content-type': 'application/json' };
  const response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), keepalive });
  const payload: unknown = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) throw new RelaisApiError((payload as ApiError | null) ?? { statusCode: response.status, code: 'HTTP_ERROR', message: response.statusText }, response.headers);
  return payload as T;
}
