import type { CommandContext, DomainEvent, EventSourcedStreams, ManyOutcome, StreamDecision } from '@pf/event-sourcing';

/**
 * Several streams decided and appended at once, all or nothing (`EventSourcedStreams.handleMany`).
 * Typed loosely on purpose: one request mixes streams of different states (its days and its own
 * stream), which the platform's single type parameter cannot say.
 */
export function handleMany(streams: EventSourcedStreams, decisions: StreamDecision<any, any>[], ctx: CommandContext): Promise<ManyOutcome<unknown, DomainEvent>> {
  return streams.handleMany(decisions as StreamDecision<unknown, DomainEvent>[], ctx);
}
