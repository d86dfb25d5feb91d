import { newId, uuidFromName } from '@pf/domain';
import type { Actor, Channel } from '@pf/event-store';

/** Who asks, for which commune, through which channel, and when: everything a handler stamps on events. */
export interface CommandContext {
  communeId: string;
  actor: Actor;
  channel: Channel;
  /** Client-supplied id: the same id never produces events twice. */
  requestId?: string;
  correlationId?: string;
  causationId?: string;
  /** The instant the command is handled (injected clock), ISO 8601. */
  now: string;
}

/**
 * The id of what a command creates, derived from its commune and its client request id: a retried
 * request names the same thing again, and no client can make another commune's id (the commune is
 * part of the name). Without a request id, a fresh random id.
 */
export function idFromRequest(ctx: Pick<CommandContext, 'communeId' | 'requestId'>, purpose: string): string {
  return ctx.requestId ? uuidFromName(`${ctx.communeId}|${ctx.requestId}|${purpose}`) : newId();
}
