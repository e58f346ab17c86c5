import { fetchJson } from '../shared/http';

export { RelaisApiError, type ApiError } from '../shared/http';

// The widget API over fetch: the site key on every call, the visit token once the visit has started.
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

  private call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { 'x-site-key': this.siteKey };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    return fetchJson<T>(`${this.base}/widget/v1${path}`, method, headers, body, method === 'POST');
  }
}
