import { Injectable } from '@nestjs/common';
import type { ReadStore } from '@pf/read-store';

/** What a counter is asked about. */
export interface CounterContext {
  reads: ReadStore;
  /** The caller's commune: a counter reads that commune's documents only (`reads.inCommune(communeId)`). */
  communeId: string;
  familyId: string;
  /** 'YYYY-MM-DD' in the commune's zone. */
  today: string;
}

/** A number on the parent's home page contributed by a capability (billing: new invoices). */
export interface DashboardCounter {
  count(context: CounterContext): Promise<number>;
  /** French sentence for n > 0, e.g. "Vous avez reçu 2 nouvelles factures". */
  label(n: number): string;
}

/** Slots the home page knows; a capability fills its slot when it is composed. */
export type CounterSlot = 'newInvoices';

/**
 * The home page's pluggable counters. Billing calls `register('newInvoices', …)` from its module
 * (e.g. in `onModuleInit`); until then the slot answers "not available" rather than a made-up 0.
 */
@Injectable()
export class DashboardCounters {
  private readonly counters = new Map<CounterSlot, DashboardCounter>();

  register(slot: CounterSlot, counter: DashboardCounter): void {
    if (this.counters.has(slot)) throw new Error(`The dashboard counter ${slot} is registered twice`);
    this.counters.set(slot, counter);
  }

  get(slot: CounterSlot): DashboardCounter | undefined {
    return this.counters.get(slot);
  }
}
