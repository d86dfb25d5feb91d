/** Latencies and outcomes per kind of request, and how the benches print them. */
import { loadavg } from 'node:os';
import type { Reply } from './client';

/**
 * The machine's load average (1 min) before a measurement: with the server idle and the load
 * generator waiting, anything above ~0.5 is other work sharing the 2 cores, and the figures of that
 * measurement (the bare route's above all) are not comparable with a quiet machine's.
 */
export function machineLoad(): string {
  const [one, five] = loadavg();
  return `charge de la machine avant la mesure : ${one.toFixed(2)} (1 min), ${five.toFixed(2)} (5 min)${one > 1 ? ' — AUTRE TRAVAIL EN COURS, chiffres peu comparables' : ''}`;
}

export const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN);

export class KindStats {
  readonly latencies: number[] = [];
  /** Answers by status (0: transport failure) and transport errors by code. */
  readonly statuses = new Map<number, number>();
  readonly errors = new Map<string, number>();
  /** Requests that met a 503 + Retry-After and were sent again. */
  retried = 0;
  retries = 0;

  constructor(readonly name: string) {}

  add(reply: Reply): void {
    this.latencies.push(reply.ms);
    this.statuses.set(reply.status, (this.statuses.get(reply.status) ?? 0) + 1);
    if (reply.error) this.errors.set(reply.error, (this.errors.get(reply.error) ?? 0) + 1);
    if (reply.retried) {
      this.retried++;
      this.retries += reply.retried;
    }
  }

  get count(): number {
    return this.latencies.length;
  }

  /** Answers that are not 2xx (transport failures included). */
  get failed(): number {
    let n = 0;
    for (const [status, count] of this.statuses) if (status < 200 || status >= 300) n += count;
    return n;
  }

  summary() {
    const sorted = [...this.latencies].sort((a, b) => a - b);
    return { count: sorted.length, p50: percentile(sorted, 50), p90: percentile(sorted, 90), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? NaN };
  }

  /** "201×1234, 0×2 (ECONNRESET×2)" */
  statusText(): string {
    const parts = [...this.statuses].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}×${n}`);
    const errors = [...this.errors].map(([e, n]) => `${e}×${n}`);
    return parts.join(', ') + (errors.length ? ` (${errors.join(', ')})` : '');
  }
}

export const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '—');
export const ms = (n: number) => `${fmt(n)} ms`;

/** One line per kind: req/s, p50/p90/p99/max, failures, statuses. */
export function printKinds(kinds: KindStats[], seconds: number): void {
  for (const k of kinds) {
    const s = k.summary();
    console.log(
      `  ${k.name.padEnd(22)} ${fmt(s.count).padStart(8)} req  ${fmt(s.count / seconds, 1).padStart(8)} req/s  p50 ${ms(s.p50).padStart(9)}  p90 ${ms(s.p90).padStart(9)}  p99 ${ms(s.p99).padStart(9)}  max ${ms(s.max).padStart(9)}  échecs ${fmt(k.failed)}` +
        (k.retried ? `  (503 réessayés : ${k.retried} requêtes, ${k.retries} fois)` : '') +
        `  [${k.statusText()}]`,
    );
  }
}

/** Samples a value every `everyMs` until stopped; keeps the samples. */
export function sampler<T>(everyMs: number, read: () => T): { samples: Array<{ at: number; value: T }>; stop(): Array<{ at: number; value: T }> } {
  const started = performance.now();
  const samples: Array<{ at: number; value: T }> = [{ at: 0, value: read() }];
  const timer = setInterval(() => samples.push({ at: performance.now() - started, value: read() }), everyMs);
  timer.unref();
  return {
    samples,
    stop() {
      clearInterval(timer);
      samples.push({ at: performance.now() - started, value: read() });
      return samples;
    },
  };
}

/** A small deterministic generator (mulberry32), so that runs pick the same sequence. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}
