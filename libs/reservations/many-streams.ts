import type { CommandContext, DomainEvent, EventSourcedStreams, StreamDecision } from '@pf/event-sourcing';

/** What `EventSourcedStreams.handleMany` answers: each stream's events (the first ones, for a retried request) and the last position. */
export interface ManyStreamsOutcome {
  outcomes: Array<{ streamId: string; events: DomainEvent[] }>;
  position: number;
}

/**
 * Several streams decided and appended at once, all or nothing (`EventSourcedStreams.handleMany`,
 * on the store's atomic multi-stream append). Typed loosely on purpose: one request mixes streams
 * of different states (the days and the request's own stream).
 */
export function handleMany(streams: EventSourcedStreams, decisions: StreamDecision<any, any>[], ctx: CommandContext): Promise<ManyStreamsOutcome> {
  const many = (streams as unknown as { handleMany?: (d: StreamDecision<any, any>[], c: CommandContext) => Promise<ManyStreamsOutcome> }).handleMany;
  if (typeof many !== 'function') throw new Error('EventSourcedStreams.handleMany (atomic multi-stream append) is not available in this build');
  return many.call(streams, decisions, ctx);
}
