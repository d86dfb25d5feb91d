import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { isNonPublicAddress, webhookUrlProblem, type WebhookUrlPolicy } from './webhook-url';

export interface TransportResult {
  ok: boolean;
  status: number | null;
  error: string | null;
  durationMs: number;
}

export type WebhookTransport = (
  url: string,
  body: string,
  headers: Record<string, string>,
  options: { timeoutMs: number; policy: WebhookUrlPolicy; signal?: AbortSignal },
) => Promise<TransportResult>;

const MAX_RESPONSE_BYTES = 64 * 1024;

/** Resolves the name, then refuses a private address unless allowed: the check holds for the address actually dialled. */
function guardedLookup(policy: WebhookUrlPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, options, (error, address: string | LookupAddress[], family?: number) => {
      if (error) return callback(error, address as string, family);
      const addresses = Array.isArray(address) ? address.map((a) => a.address) : [address];
      if (!policy.allowPrivateNetworks && addresses.some(isNonPublicAddress)) {
        return callback(Object.assign(new Error(`${hostname} resolves to a non-public address`), { code: 'EADDRNOTALLOWED' }), address as string, family);
      }
      callback(null, address as string, family);
    });
  };
}

/**
 * One POST to the registered URL and nowhere else: no redirect followed (a 3xx is a failure), the
 * whole exchange bounded by `timeoutMs`, at most 64 KiB of the answer read.
 */
export const postWebhook: WebhookTransport = (url, body, headers, { timeoutMs, policy, signal }) => {
  const started = Date.now();
  const done = (ok: boolean, status: number | null, error: string | null): TransportResult => ({ ok, status, error, durationMs: Date.now() - started });
  const problem = webhookUrlProblem(url, policy);
  if (problem) return Promise.resolve(done(false, null, problem.code));
  const target = new URL(url);
  if (!policy.allowPrivateNetworks && isNonPublicAddress(target.hostname)) return Promise.resolve(done(false, null, 'WEBHOOK_URL_PRIVATE_ADDRESS'));
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: TransportResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(result);
    };
    const client = target.protocol === 'https:' ? https : http;
    const request = client.request(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)), connection: 'close' },
        agent: false,
        lookup: guardedLookup(policy),
      },
      (response) => {
        const status = response.statusCode ?? 0;
        let read = 0;
        response.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_RESPONSE_BYTES) response.destroy();
        });
        const end = () =>
          finish(
            status >= 200 && status < 300
              ? done(true, status, null)
              : done(false, status, status >= 300 && status < 400 ? 'REDIRECT_NOT_FOLLOWED' : `HTTP_${status}`),
          );
        response.on('end', end);
        response.on('close', end);
        response.on('error', end);
      },
    );
    const timer = setTimeout(() => {
      request.destroy();
      finish(done(false, null, 'TIMEOUT'));
    }, timeoutMs);
    const onAbort = () => {
      request.destroy();
      finish(done(false, null, 'ABORTED'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    request.on('error', (error: NodeJS.ErrnoException) => finish(done(false, null, error.code ?? error.message)));
    request.end(body);
  });
};
