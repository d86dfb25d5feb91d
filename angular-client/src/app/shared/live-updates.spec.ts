import { provideHttpClient } from '@angular/common/http';
import { TestBed } from '@angular/core/testing';
import { SessionStore } from '../auth/session.store';
import { LiveUpdates } from './live-updates';

/** A stand-in for the browser's EventSource (jsdom has none). */
class FakeEventSource {
  static readonly CLOSED = 2;
  static last: FakeEventSource | null = null;
  readyState = 1;
  closed = false;
  private readonly listeners = new Map<string, Array<() => void>>();
  constructor(readonly url: string) {
    FakeEventSource.last = this;
  }
  addEventListener(type: string, listener: () => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  emit(type: string) {
    for (const l of this.listeners.get(type) ?? []) l();
  }
  close() {
    this.closed = true;
  }
}

describe('Live updates of the family (Server-Sent Events)', () => {
  beforeEach(() => {
    (globalThis as { EventSource?: unknown }).EventSource = FakeEventSource;
    TestBed.configureTestingModule({ providers: [provideHttpClient()] });
  });
  afterEach(() => delete (globalThis as { EventSource?: unknown }).EventSource);

  it('listens to the signed-in family, says when its requests or planning change, and everything after a reconnection', () => {
    const live = TestBed.inject(LiveUpdates);
    TestBed.inject(SessionStore).signedInAs({ accountId: 'a', role: 'guardian', communeId: 'c', communeName: 'C', familyId: 'fam-1', displayName: 'Claire' });
    TestBed.tick();
    const source = FakeEventSource.last!;
    expect(source.url).toBe('/api/families/fam-1/live');
    source.emit('ready');
    source.emit('requests');
    expect(live.requests()).toBe(1);
    expect(live.planning()).toBe(0);
    source.emit('planning');
    expect(live.planning()).toBe(1);
    source.emit('ready'); // the browser reconnected by itself: something may have been missed
    expect([live.requests(), live.planning()]).toEqual([2, 2]);
  });

  it('stops listening at sign-out, and never listens for the service', () => {
    TestBed.inject(LiveUpdates);
    const session = TestBed.inject(SessionStore);
    session.signedInAs({ accountId: 'a', role: 'guardian', communeId: 'c', communeName: 'C', familyId: 'fam-1', displayName: 'Claire' });
    TestBed.tick();
    const source = FakeEventSource.last!;
    session.clear();
    TestBed.tick();
    expect(source.closed).toBe(true);
    FakeEventSource.last = null;
    session.signedInAs({ accountId: 's', role: 'staff', communeId: 'c', communeName: 'C', displayName: 'Sandrine' });
    TestBed.tick();
    expect(FakeEventSource.last).toBeNull();
  });
});
