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
