import { fetchJson, RelaisApiError } from '../shared/http';

/** The `/console/v1` API with the advisor's token; a 401 means the session is over and calls `onExpired`. */
export class ConsoleApi {
  token: string | null = null;
  onExpired: () => void = () => undefined;

  get<T>(path: string): Promise<T> {
    return this.call<T>('GET', path);
  }

  post<T>(path: string, body: unknown = {}): Promise<T> {
    return this.call<T>('POST', path, body);
  }

  put<T>(path: string, body: unknown): Promise<T> {
    return this.call<T>('PUT', path, body);
  }

  patch<T>(path: string, body: unknown): Promise<T> {
    return this.call<T>('PATCH', path, body);
  }

  delete<T>(path: string): Promise<T> {
    return this.call<T>('DELETE', path);
  }

  /** A text answer (CSV exports). */
  async text(path: string): Promise<string> {
    const response = await fetch(`/console/v1${path}`, { headers: this.token ? { authorization: `Bearer ${this.token}` } : {} });
    if (response.status === 401) this.onExpired();
    if (!response.ok) throw new RelaisApiError({ statusCode: response.status, code: 'HTTP_ERROR', message: response.statusText });
    return response.text();
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = this.token ? { authorization: `Bearer ${this.token}` } : {};
    try {
      return await fetchJson<T>(`/console/v1${path}`, method, headers, body);
    } catch (error) {
      if (this.token && error instanceof RelaisApiError && error.error.statusCode === 401) this.onExpired();
      throw error;
    }
  }
}
