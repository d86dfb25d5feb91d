import type { RecordedEvent } from '@pf/event-store';
import type { CollectionSpec, CommuneUnitOfWork, UnitOfWork } from '@pf/read-store';

/**
 * Applies one event to a read model, in the event's commune: `uow` reaches that commune's
 * documents (and deployment-wide collections) only. It must set values (never increment blindly)
 * so that replaying an event already applied changes nothing.
 */
export type ProjectionHandler = (event: RecordedEvent<unknown>, uow: CommuneUnitOfWork) => Promise<void>;

export interface ProjectionDefinition {
  /** Stable name; also the checkpoint's id. */
  name: string;
  /** Bump when the read model's shape changes: the runner then rebuilds it from position 0. */
  version: number;
  /** Every collection this projection owns (dropped on rebuild). */
  collections: CollectionSpec[];
  handlers: Record<string, ProjectionHandler>;
  /**
   * 'eventual': no command waits for this read model by default (a log-like read model nobody reads
   * right after writing, such as the audit index or the integrators' feed); its readers wait for
   * it themselves when they need to (`waitFor(head, timeout, [name])`).
   */
  consistency?: 'read-your-writes' | 'eventual';
  /**
   * Called once per batch, after its events and before its checkpoint, in the same unit of work:
   * a projection that gathers a batch's changes to a document in memory (changed by many events of
   * the batch) writes it here, once.
   */
  flush?: (uow: UnitOfWork) => Promise<void>;
}

export function projection(
  name: string,
  version: number,
  collections: CollectionSpec[],
  handlers: Record<string, ProjectionHandler>,
  flush?: (uow: UnitOfWork) => Promise<void>,
): ProjectionDefinition {
  return flush ? { name, version, collections, handlers, flush } : { name, version, collections, handlers };
}

/** The same read model, read eventually: commands do not wait for it (see ProjectionDefinition.consistency). */
export const eventually = (definition: ProjectionDefinition): ProjectionDefinition => ({ ...definition, consistency: 'eventual' });
