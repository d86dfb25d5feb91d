/** Time is injected: domain code never reads the system clock. */
export interface Clock {
  /** The current instant, ISO 8601 in UTC. */
  now(): string;
}

export const systemClock: Clock = { now: () => new Date().toISOString() };

/** A clock a test or a bench sets by hand. */
export class FixedClock implements Clock {
  constructor(private instant: string) {}
  now(): string {
    return this.instant;
  }
  set(instant: string): void {
    this.instant = new Date(instant).toISOString();
  }
}
