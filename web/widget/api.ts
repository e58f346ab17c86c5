// The widget API over fetch: the site key on every call, the visit token once the visit has started.
export interface ApiError {
  statusCode: number;
  code: string;
  message: string;
}

export class RelaisApiError extends Error {
  constructor(readonly error: ApiError) {
    super(`${error.code}: ${error.message}`);
  }
}

export class WidgetApi {
  token: string | null = null;

  constructor(
    readonly base: string,
    readonly siteKey: string,
  ) {}

  get<T>(path: string): Promise<T> {
    return this.call<T>('GET', path);
  }

  post<T>(path: string, body: unknown = {}): Promise<T> {
    return this.call<T>('POST', path, body);
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { 'x-site-key': this.siteKey };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.base}/widget/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), keepalive: method === 'POST' });
    const payload: unknown = response.status === 204 ? null : await response.json().catch(() => null);
    if (!response.ok) throw new RelaisApiError((payload as ApiError | null) ?? { statusCode: response.status, code: 'HTTP_ERROR', message: response.statusText });
    return payload as T;
  }
}
