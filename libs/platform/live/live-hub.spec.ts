import type { MessageEvent } from '@nestjs/common';
import type { RecordedEvent } from '@pf/event-store';
import type { AppliedListener } from '@pf/projections';
import { bridgeProjectionsToHub, familyTopicsOf, LiveHub } from './live-hub';

const event = (position: number, data: unknown): RecordedEvent =>
  ({ id: `e${position}`, type: 'X', data, position, revision: 0, streamId: 's', recordedAt: '', metadata: {} }) as unknown as RecordedEvent;

function fakeRunner() {
  const listeners = new Set<AppliedListener>();
  return {
    onApplied: (l: AppliedListener) => (listeners.add(l), () => listeners.delete(l)),
    apply: (projection: string, batch: RecordedEvent[]) => listeners.forEach((l) => l(projection, batch)),
  };
}

describe('live updates to the browser', () => {
  it('tells the family listening once per committed batch of the watched read models, with the last position', () => {
    const hub = new LiveHub();
    const runner = fakeRunner();
    bridgeProjectionsToHub(runner, hub, { projections: ['requests', 'planning'], topicsOf: familyTopicsOf });
    const seen: MessageEvent[] = [];
    const subscription = hub.stream('family:f1', 60_000).subscribe((m) => seen.push(m));
    runner.apply('requests', [event(7, { familyId: 'f1' }), event(8, { familyId: 'f1' }), event(9, { familyId: 'f2' })]);
    runner.apply('audit', [event(10, { familyId: 'f1' })]);
    runner.apply('planning', [event(11, { familyId: 'f2' })]);
    expect(seen).toEqual([
      { type: 'ready', data: { topic: 'family:f1' } },
      { type: 'requests', data: { projection: 'requests', position: 8 } },
    ]);
    subscription.unsubscribe();
    expect(hub.connections).toBe(0);
  });

  it('sends heartbeats while nothing happens', async () => {
    const hub = new LiveHub();
    const seen: string[] = [];
    const subscription = hub.stream('family:f1', 10).subscribe((m) => seen.push(String(m.type)));
    await new Promise((resolve) => setTimeout(resolve, 45));
    subscription.unsubscribe();
    expect(seen[0]).toBe('ready');
    expect(seen.filter((t) => t === 'heartbeat').length).toBeGreaterThanOrEqual(2);
  });

  it('ends every stream when the portal shuts down', () => {
    const hub = new LiveHub();
    let completed = 0;
    hub.stream('family:f1', 60_000).subscribe({ complete: () => completed++ });
    hub.stream('family:f2', 60_000).subscribe({ complete: () => completed++ });
    hub.close();
    expect(completed).toBe(2);
    expect(hub.connections).toBe(0);
  });
});
