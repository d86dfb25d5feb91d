import type { Actor } from '@pf/event-store';

/** A fact in a capability's own language, before the store gives it a position. */
export interface DomainEvent<T extends string = string, D = unknown> {
  type: T;
  data: D;
  /** Who made this fact when it is not the command's actor (e.g. a rule deciding at once). */
  actor?: Actor;
  /** Version of this event type's schema; 1 unless a newer shape was shipped. */
  schemaVersion?: number;
}

/** Folds a stream's events into the state a decision needs. Pure. */
export type Evolve<S, E extends DomainEvent> = (state: S, event: E) => S;

export function fold<S, E extends DomainEvent>(initial: S, evolve: Evolve<S, E>, events: readonly E[]): S {
  return events.reduce(evolve, initial);
}
