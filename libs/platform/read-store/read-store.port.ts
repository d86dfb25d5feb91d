/**
 * The read store port: document collections that projections build and queries read.
 * Adapters: embedded SQLite (default, JSON documents under DATA_DIR) and MongoDB (MONGO_URL).
 * Only what the read models need: no aggregation, no partial updates.
 */
import type { StoreHealth } from '@pf/event-store';

export type Scalar = string | number | boolean | null;

export interface Document {
  _id: string;
  [field: string]: unknown;
}

export interface FieldCondition {
  $eq?: Scalar;
  $ne?: Scalar;
  $in?: Scalar[];
  $gt?: string | number;
  $gte?: string | number;
  $lt?: string | number;
  $lte?: string | number;
}

/**
 * Equality on a scalar, or conditions on a field. Fields may be dotted paths ("child.id").
 * A field that is an array matches when one of its elements matches (as in MongoDB).
 * Several fields are ANDed.
 */
export type Filter = Record<string, Scalar | FieldCondition>;

export interface FindOptions {
  sort?: Record<string, 1 | -1>;
  limit?: number;
  skip?: number;
}

export interface IndexSpec {
  fields: string[];
  unique?: boolean;
}

export interface CollectionSpec {
  name: string;
  indexes?: IndexSpec[];
}

export interface ReadCollection<T extends Document = Document> {
  get(id: string): Promise<T | null>;
  find(filter?: Filter, options?: FindOptions): Promise<T[]>;
  count(filter?: Filter): Promise<number>;
}

export interface WriteCollection<T extends Document = Document> extends ReadCollection<T> {
  /** Insert or replace the whole document with this _id. The unit keeps `doc` frozen: build a new object to change it. */
  upsert(doc: T): Promise<void>;
  /**
   * Insert or replace a document the projection writes once and does not read back: an entry of
   * a log-like read model (an audit entry, a public event). Same meaning as upsert, and the unit
   * still reads it if asked; the embedded store encodes it at once instead of keeping it in memory
   * until the commit, which makes catching up on such read models much cheaper.
   */
  append(doc: T): Promise<void>;
  delete(id: string): Promise<void>;
  deleteMany(filter: Filter): Promise<number>;
}

/**
 * Writes made through a unit of work commit together, or not at all. The documents a unit upserts,
 * gets or finds are sealed (deep-frozen): the unit keeps them without copies, and a change is a new
 * object (`{ ...doc, status }`) given to upsert — which is how projections set documents anyway.
 */
export interface DocumentUnitOfWork {
  /** Within the unit, get/find see the unit's own writes. */
  collection<T extends Document = Document>(name: string): WriteCollection<T>;
}

/**
 * What an adapter (embedded SQLite, MongoDB) provides: collections of documents keyed by `_id`
 * alone. The portal never uses one bare: `communeScoped` puts every commune's documents apart
 * (`commune-scope.ts`), and that is the `ReadStore` the capabilities see.
 */
export interface DocumentStore {
  readonly adapter: 'embedded' | 'mongodb';
  /** Where the documents are: the embedded store's file, or MongoDB's address (without credentials). */
  readonly location: string;
  /** Create the collection and its indexes if missing. Idempotent. */
  ensureCollection(spec: CollectionSpec): Promise<void>;
  /** Read access outside any unit of work: sees committed data only. */
  collection<T extends Document = Document>(name: string): ReadCollection<T>;
  /** Run `work` and commit everything it wrote atomically; throw → nothing is written. */
  unitOfWork<R>(work: (uow: DocumentUnitOfWork) => Promise<R>): Promise<R>;
  dropCollection(name: string): Promise<void>;
  /**
   * After an erasure: no deleted document's bytes stay in storage the adapter controls (the
   * embedded file's freed pages and WAL). Runs in turn with the units of work, never beside one.
   */
  scrubDeletedDocuments(): Promise<void>;
  health(): Promise<StoreHealth>;
  close(): Promise<void>;
}

export class ReadStoreUnavailableError extends Error {
  readonly code = 'READ_STORE_UNAVAILABLE';
  constructor(message: string, override readonly cause?: unknown) {
    super(message);
    this.name = 'ReadStoreUnavailableError';
  }
}
