export interface IntegratorResponse<T = any> {
  status: number;
  body: T;
}

/** What an integrator's software does: plain HTTP with `Authorization: Bearer <key>`, no cookie. */
export class IntegratorClient {
  constructor(readonly baseUrl: string, readonly key: string) {}

  get<T = any>(path: string) {
    return this.send<T>('GET', path);
  }

  post<T = any>(path: string, body?: unknown) {
    return this.send<T>('POST', path, body);
  }

  async send<T = any>(method: string, path: string, body?: unknown): Promise<IntegratorResponse<T>> {
    const headers: Record<string, string> = { accept: 'application/json', authorization: `Bearer ${this.key}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(this.baseUrl + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as T) : (undefined as T) };
  }
}
