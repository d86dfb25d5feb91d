import { ApiClient } from '../../support/api-client';

/** What a sample sends: a JSON body, a multipart form (uploads), or nothing; a stream is read for a moment only. */
export interface Call {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  body?: unknown;
  form?: { fields: Record<string, string>; file?: { name: string; bytes: Buffer; type: string } };
  /** Server-Sent Events: read what comes within `streamMs`, then hang up. */
  stream?: boolean;
}

export interface Answer {
  status: number;
  /** The error body's stable code, when the answer is a JSON error. */
  code?: string;
  /** Parsed JSON, when the answer is JSON. */
  body?: any;
  /** The answer as text (JSON, CSV, XML, a PDF's bytes as latin1, what a stream sent): searched for the other commune's data. */
  text: string;
  type: string;
}

/** Who sends a call: a signed-in browser (cookies + CSRF) or a software with its key. */
export interface Caller {
  readonly name: string;
  readonly role: 'guardian' | 'staff' | 'admin' | 'integrator';
  readonly commune: 'A' | 'B';
  headers(method: string): Record<string, string>;
}

export function sessionCaller(name: string, role: Caller['role'], commune: Caller['commune'], client: ApiClient): Caller {
  return {
    name,
    role,
    commune,
    headers(method) {
      const cookie = client.cookieHeader();
      const csrf = /pf_csrf=([^;]+)/.exec(cookie)?.[1];
      return { ...(cookie ? { cookie } : {}), ...(csrf && method !== 'GET' ? { 'x-csrf-token': csrf } : {}) };
    },
  };
}

export function keyCaller(name: string, commune: Caller['commune'], key: string): Caller {
  return { name, role: 'integrator', commune, headers: () => ({ authorization: `Bearer ${key}` }) };
}

const CALL_TIMEOUT_MS = 20_000;
const STREAM_MS = 700;

/** One call, bounded in time. */
export async function send(baseUrl: string, caller: Caller | null, call: Call): Promise<Answer> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), call.stream ? STREAM_MS : CALL_TIMEOUT_MS);
  const headers: Record<string, string> = { accept: call.stream ? 'text/event-stream' : 'application/json, */*', ...(caller?.headers(call.method) ?? {}) };
  let body: string | FormData | undefined;
  if (call.form) {
    const form = new FormData();
    for (const [k, v] of Object.entries(call.form.fields)) form.append(k, v);
    if (call.form.file) form.append('file', new Blob([new Uint8Array(call.form.file.bytes)], { type: call.form.file.type }), call.form.file.name);
    body = form;
  } else if (call.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(call.body);
  }
  try {
    const response = await fetch(baseUrl + call.path, { method: call.method, headers, body, signal: abort.signal, redirect: 'manual' });
    const type = response.headers.get('content-type') ?? '';
    let text = '';
    if (call.stream && response.status === 200 && response.body) {
      const decoder = new TextDecoder();
      try {
        for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) text += decoder.decode(chunk, { stream: true });
      } catch (error) {
        if ((error as Error).name !== 'AbortError') throw error;
      }
    } else {
      text = Buffer.from(await response.arrayBuffer()).toString(type.includes('pdf') ? 'latin1' : 'utf8');
    }
    let parsed: any;
    // An error is JSON even where the route declared another type for its success (a CSV, an XML file).
    if (type.includes('application/json') || /^\s*\{"statusCode":/.test(text)) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
    }
    return { status: response.status, code: typeof parsed?.code === 'string' ? parsed.code : undefined, body: parsed, text, type };
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw new Error(`${call.method} ${call.path} as ${caller?.name ?? 'anonymous'}: no answer within ${CALL_TIMEOUT_MS} ms`, { cause: error });
    throw error;
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
}
