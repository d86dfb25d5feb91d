import type { MessageEvent } from '@nestjs/common';
import { interval, map, merge, Observable, Subject, takeUntil } from 'rxjs';
import type { RecordedEvent } from '@pf/event-store';
import type { ProjectionRunner } from '@pf/projections';

export interface LiveMessage {
  /** SSE event name, e.g. 'requests' or 'planning'. */
  type: string;
  data: Record<string, unknown>;
}

/**
 * In-process fan-out of "something changed" messages to the browsers listening on a topic (e.g.
 * 'family:<id>'). Messages carry no data beyond what changed and up to which position: the browser
 * reloads what it shows through the ordinary, access-checked queries.
 */
export class LiveHub {
  private readonly topics = new Map<string, Set<Subject<LiveMessage>>>();
  private readonly closing = new Subject<void>();

  /** The topic's messages, a heartbeat every `heartbeatMs`, and a first 'ready' message; completes when the hub closes. */
  stream(topic: string, heartbeatMs: number): Observable<MessageEvent> {
    return new Observable<MessageEvent>((subscriber) => {
      const own = new Subject<LiveMessage>();
      let set = this.topics.get(topic);
      if (!set) this.topics.set(topic, (set = new Set()));
      set.add(own);
      subscriber.next({ type: 'ready', data: { topic } });
      const subscription = merge(own, interval(heartbeatMs).pipe(map(() => ({ type: 'heartbeat', data: {} }) as LiveMessage)))
        .pipe(takeUntil(this.closing))
        .subscribe({
          next: (message) => subscriber.next({ type: message.type, data: message.data }),
          complete: () => subscriber.complete(),
        });
      return () => {
        subscription.unsubscribe();
        own.complete();
        set!.delete(own);
        if (set!.size === 0) this.topics.delete(topic);
      };
    });
  }

  publish(topic: string, message: LiveMessage): void {
    for (const subject of this.topics.get(topic) ?? []) subject.next(message);
  }

  /** Browsers listening now, all topics together. */
  get connections(): number {
    let n = 0;
    for (const set of this.topics.values()) n += set.size;
    return n;
  }

  /** Ends every stream (at shutdown, so the HTTP server is not held open by them). */
  close(): void {
    this.closing.next();
  }
}

/**
 * Tells the hub, after each committed batch of the named projections, which topics it touched.
 * Called after the commit, so a browser reloading on the message reads the new documents.
 */
export function bridgeProjectionsToHub(
  runner: Pick<ProjectionRunner, 'onApplied'>,
  hub: LiveHub,
  options: { projections: string[]; topicsOf: (event: RecordedEvent) => string[] },
): () => void {
  const watched = new Set(options.projections);
  return runner.onApplied((projection, batch) => {
    if (!watched.has(projection)) return;
    const touched = new Map<string, number>();
    for (const event of batch) for (const topic of options.topicsOf(event)) touched.set(topic, event.position);
    for (const [topic, position] of touched) hub.publish(topic, { type: projection, data: { projection, position } });
  });
}

/** 'family:<id>' for every family an event's data names at its top level. */
export function familyTopicsOf(event: RecordedEvent): string[] {
  const data = (event.data ?? {}) as { familyId?: unknown; familyIds?: unknown };
  const ids = [data.familyId, ...(Array.isArray(data.familyIds) ? data.familyIds : [])].filter((id): id is string => typeof id === 'string' && id.length > 0);
  return [...new Set(ids)].map((id) => `family:${id}`);
}
