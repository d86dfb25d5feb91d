import { Injectable, computed, effect, inject, signal, untracked } from '@angular/core';
import { SessionStore } from '../auth/session.store';
import { toApiError } from '../shared/api-error';
import { LiveUpdates } from '../shared/live-updates';
import { Load, failed, loading, ready, loadedValue } from '../shared/load-state';
import { FamilyRequests, RequestsApi } from './requests.api';

/** The family's requests, shared by the list, the detail page and the home page counter. */
@Injectable({ providedIn: 'root' })
export class RequestsStore {
  private readonly api = inject(RequestsApi);
  private readonly session = inject(SessionStore);

  readonly load = signal<Load<FamilyRequests>>(loading());
  readonly items = loadedValue(this.load, [], (value) => value.items);
  readonly unreadCount = computed(() => {
    const l = this.load();
    if (l.state !== 'ready') return 0;
    return l.value.unreadCount ?? l.value.items.filter((r) => r.unread).length;
  });

  constructor() {
    // Decisions appear without a reload: the server says the requests changed, the list follows.
    const live = inject(LiveUpdates);
    let account = this.session.user()?.accountId;
    effect(() => {
      // Another person signed in on this device: forget the previous family's requests.
      const now = this.session.user()?.accountId;
      if (now !== account) {
        account = now;
        untracked(() => this.load.set(loading()));
      }
    });
    let seen = live.requests();
    effect(() => {
      const n = live.requests();
      if (n !== seen) {
        seen = n;
        untracked(() => {
          if (this.load().state !== 'loading') this.refresh();
        });
      }
    });
  }

  /** « Tout marquer comme lu ». */
  markAllRead(): void {
    const familyId = this.session.user()?.familyId;
    if (!familyId) return;
    this.api.markAllRead(familyId).subscribe({ next: () => this.refresh(), error: () => this.refresh() });
  }

  /** Marks one request read once the family has opened it (the list follows). */
  markRead(requestId: string): void {
    const familyId = this.session.user()?.familyId;
    if (!familyId) return;
    this.api.markRead(familyId, requestId).subscribe({
      next: ({ unreadCount }) => {
        const l = this.load();
        if (l.state !== 'ready') return;
        this.load.set(
          ready({ ...l.value, unreadCount, items: l.value.items.map((r) => (r.requestId === requestId ? { ...r, unread: false } : r)) }),
        );
      },
      error: () => undefined, // the marker simply stays; nothing the person must act on
    });
  }

  refresh(): void {
    const familyId = this.session.user()?.familyId;
    if (!familyId) {
      this.load.set(ready({ total: 0, items: [] }));
      return;
    }
    if (this.load().state !== 'ready') this.load.set(loading());
    this.api.list(familyId).subscribe({
      next: (value) => this.load.set(ready(value)),
      error: (e: unknown) => this.load.set(failed(toApiError(e))),
    });
  }
}
