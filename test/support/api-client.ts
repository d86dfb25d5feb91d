import { randomUUID } from 'node:crypto';

export interface ApiResponse<T = any> {
  status: number;
  body: T;
}

/** A browser-like API client: keeps cookies and echoes the CSRF cookie on writes, as the Angular client does. */
export class ApiClient {
  private readonly cookies = new Map<string, string>();

  constructor(readonly baseUrl: string) {}

  /** The Cookie header this client sends (for raw fetches: streams, CSV, conditional GETs). */
  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  get<T = any>(path: string) {
    return this.send<T>('GET', path);
  }

  post<T = any>(path: string, body?: unknown) {
    return this.send<T>('POST', path, body);
  }

  async signIn(email: string, password: string): Promise<ApiResponse> {
    const response = await this.post('/api/auth/sign-in', { email, password });
    if (response.status !== 200) throw new Error(`sign-in of ${email} failed: ${response.status} ${JSON.stringify(response.body)}`);
    return response;
  }

  async send<T = any>(method: string, path: string, body?: unknown): Promise<ApiResponse<T>> {
    if (method !== 'GET' && !this.cookies.has('pf_csrf')) await this.send('GET', '/api/health');
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (method !== 'GET' && this.cookies.has('pf_csrf')) headers['x-csrf-token'] = this.cookies.get('pf_csrf')!;
    const response = await fetch(this.baseUrl + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const [name, ...value] = pair.split('=');
      const expired = attributes.some((a) => /expires=thu, 01 jan 1970/i.test(a.trim()) || /max-age=0/i.test(a.trim()));
      if (expired || value.join('=') === '') this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), value.join('='));
    }
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as T) : (undefined as T) };
  }
}

export const requestId = () => randomUUID();

export const STAFF = { email: 'agent.enfance@saint-hilaire-du-bois.fr', password: 'Enfance-2026' };
