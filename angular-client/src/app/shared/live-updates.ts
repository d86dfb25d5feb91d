import { DestroyRef, Injectable, effect, inject, signal } from '@angular/core';
import { SessionStore } from '../auth/session.store';

/** Waits before reconnecting after the server closed the stream for good (grows up to a minute). */
const RETRY_MS = [2_000, 5_000, 15_000, 60_000];

/**
 * Live updates of the signed-in family (Server-Sent Events at /api/families/:id/live): each time
 * its requests or its planning change, the matching counter moves on, and the screens that show
 * them reload through the ordinary API. After a reconnection both move on (something may have
 * been missed meanwhile).
 */
@Injectable({ providedIn: 'root' })
export class LiveUpdates {
  private readonly session = inject(SessionStore);
  private source: EventSource | null = null;
  private familyId: string | null = null;
  private retries = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private everReady = false;

  /** Moves on each time the family's requests changed on the server. */
  readonly requests = signal(0);
  /** Moves on each time the family's planning changed on the server. */
  readonly planning = signal(0);
  readonly connected = signal(false);

  constructor() {
    effect(() => {
      const user = this.session.user();
      const familyId = user?.role === 'guardian' ? (user.familyId ?? null) : null;
      if (familyId !== this.familyId) {
        this.stop();
        this.familyId = familyId;
        if (familyId) this.open();
      }
    });
    inject(DestroyRef).onDestroy(() => this.stop());
  }

  private open(): void {
    if (!this.familyId || typeof EventSource === 'undefined') return;
    const source = new EventSource(`/api/families/${encodeURIComponent(this.familyId)}/live`, { withCredentials: true });
    this.source = source;
    source.addEventListener('ready', () => {
      this.connected.set(true);
      this.retries = 0;
      if (this.everReady) this.bumpAll();
      this.everReady = true;
    });
    source.addEventListener('requests', () => this.requests.update((n) => n + 1));
    source.addEventListener('planning', () => this.planning.update((n) => n + 1));
    source.addEventListener('error', () => {
      this.connected.set(false);
      // The browser reconnects by itself unless the server refused the stream (closed state).
      if (source.readyState === EventSource.CLOSED && this.source === source) this.scheduleRetry();
    });
  }

  private scheduleRetry(): void {
    this.source?.close();
    this.source = null;
    const wait = RETRY_MS[Math.min(this.retries, RETRY_MS.length - 1)]!;
    this.retries++;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.open();
    }, wait);
  }

  private bumpAll(): void {
    this.requests.update((n) => n + 1);
    this.planning.update((n) => n + 1);
  }

  private stop(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.source?.close();
    this.source = null;
    this.connected.set(false);
    this.everReady = false;
    this.retries = 0;
  }
}
