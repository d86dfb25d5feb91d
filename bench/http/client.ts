/**
 * The load generator's HTTP side: undici connection pools, and a browser-like session per person
 * (cookies kept, the CSRF cookie `pf_csrf` echoed in `X-CSRF-Token` on writes, as the Angular client
 * does), with the client behaviour the portal asks for under load: a 503 carrying Retry-After is
 * sent again, after that delay, with the same body (hence the same request id), until it lands.
 */
import { Pool } from 'undici';

export interface PoolOptions {
  connections: number;
  /** Per request, from sending it to its whole answer (ms). */
  timeoutMs?: number;
}

/** One pool of keep-alive connections to a server (one connection per concurrent client). */
export function connectionPool(baseUrl: string, options: PoolOptions): Pool {
  const timeout = options.timeoutMs ?? Number(process.env.BENCH_REQUEST_TIMEOUT_S ?? 120) * 1000;
  return new Pool(baseUrl, {
    connections: options.connections,
    pipelining: 1,
    headersTimeout: timeout,
    bodyTimeout: timeout,
    keepAliveTimeout: 60_000,
    connect: { timeout: Number(process.env.BENCH_CONNECT_TIMEOUT_S ?? 30) * 1000 },
  });
}

export interface Reply<T = any> {
  status: number;
  body: T;
  /** From the first send to the last answer, retries included (what the person waits), ms. */
  ms: number;
  /** How many 503 + Retry-After answers were retried before this one. */
  retried: number;
  /** A transport failure (connection refused / reset, timeout): status 0. */
  error?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const MAX_RETRIES = Number(process.env.BENCH_MAX_RETRIES ?? 20);

/** A person's browser: its cookies, and the address it comes from (X-Forwarded-For, through the portal's trusted proxy). */
export class Session {
  readonly cookies = new Map<string, string>();

  constructor(
    readonly pool: Pool,
    readonly forwardedFor?: string,
  ) {}

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  get<T = any>(path: string, signal?: AbortSignal): Promise<Reply<T>> {
    return this.send<T>('GET', path, undefined, signal);
  }

  post<T = any>(path: string, body: unknown, signal?: AbortSignal): Promise<Reply<T>> {
    return this.send<T>('POST', path, body, signal);
  }

  /** Sends, retrying a 503 with Retry-After with the very same body (and request id). */
  async send<T = any>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<Reply<T>> {
    const started = performance.now();
    const payload = body === undefined ? undefined : JSON.stringify(body);
    for (let retried = 0; ; retried++) {
      const answer = await this.once(method, path, payload, signal);
      const retryAfter = answer.status === 503 ? Number(answer.retryAfter) : NaN;
      if (Number.isFinite(retryAfter) && retried < MAX_RETRIES && !signal?.aborted) {
        await sleep(Math.max(0, retryAfter) * 1000);
        continue;
      }
      return { status: answer.status, body: answer.body as T, ms: performance.now() - started, retried, ...(answer.error ? { error: answer.error } : {}) };
    }
  }

  private async once(method: string, path: string, payload: string | undefined, signal?: AbortSignal): Promise<{ status: number; body: unknown; retryAfter?: string; error?: string }> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (payload !== undefined) headers['content-type'] = 'application/json';
    if (this.cookies.size) headers.cookie = this.cookieHeader();
    const csrf = this.cookies.get('pf_csrf');
    if (method !== 'GET' && csrf) headers['x-csrf-token'] = csrf;
    if (this.forwardedFor) headers['x-forwarded-for'] = this.forwardedFor;
    try {
      const response = await this.pool.request({ method: method as 'GET', path, headers, body: payload, signal });
      const setCookie = response.headers['set-cookie'];
      for (const line of Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []) this.keepCookie(line);
      const text = await response.body.text();
      let parsed: unknown = text;
      if (text && String(response.headers['content-type'] ?? '').includes('json')) {
        try {
          parsed = JSON.parse(text);
        } catch {
          // keep the text
        }
      }
      const retryAfter = response.headers['retry-after'];
      return { status: response.statusCode, body: parsed, retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter };
    } catch (error) {
      const e = error as { code?: string; name?: string; message?: string };
      return { status: 0, body: undefined, error: e.code ?? e.name ?? String(error) };
    }
  }

  private keepCookie(line: string): void {
    const [pair, ...attributes] = line.split(';');
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    const expired = attributes.some((a) => /^\s*max-age=0/i.test(a) || /expires=thu, 01 jan 1970/i.test(a));
    if (expired || !value) this.cookies.delete(name);
    else this.cookies.set(name, value);
  }
}

/** Throws with the answer when it is not the expected status (setup steps must not fail silently). */
export function expectStatus<T>(reply: Reply<T>, expected: number | number[], what: string): Reply<T> {
  const ok = Array.isArray(expected) ? expected.includes(reply.status) : reply.status === expected;
  if (!ok) throw new Error(`${what} : ${reply.status}${reply.error ? ` (${reply.error})` : ''} ${JSON.stringify(reply.body)?.slice(0, 400)}`);
  return reply;
}

/** Runs `task` over `items` with at most `concurrency` at a time; resolves when all are done (first error rejects). */
export async function inParallel<T, R>(items: readonly T[], concurrency: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}
