/**
 * One deployment serves many communes, and no commune may read, overwrite or even name another's
 * documents. So every collection belongs to communes unless declared deployment-wide: its
 * documents are keyed by (commune, id) — stored under `<communeId>/<id>` with a `communeId` field —
 * and reached only through `inCommune(communeId)`, which adds the commune to every key, filter
 * and index. The same id in two communes names two documents: a client that reuses another
 * commune's id only ever reaches its own commune's.
 *
 * Deployment-wide collections (the communes themselves, accounts, sessions, checkpoints, the mail
 * outbox) are declared with `deploymentCollection` and keyed by ids no client chooses. Reading a
 * commune collection without a commune is refused, at compile time by the types and at run time.
 */
import { ReadStoreUsageError } from './read-store.errors';
import type {
  CollectionSpec,
  Document,
  DocumentStore,
  DocumentUnitOfWork,
  FieldCondition,
  Filter,
  FindOptions,
  ReadCollection,
  Scalar,
  WriteCollection,
} from './read-store.port';
import type { StoreHealth } from '@pf/event-store';

declare const deploymentWide: unique symbol;
/** The name of a collection whose documents belong to the whole deployment, not to one commune. */
export type DeploymentCollection = string & { readonly [deploymentWide]: true };

const DEPLOYMENT_COLLECTIONS = new Set<string>();

/** Declares a deployment-wide collection (keyed by ids no client chooses); every other collection belongs to communes. */
export function deploymentCollection<N extends string>(name: N): N & DeploymentCollection {
  DEPLOYMENT_COLLECTIONS.add(name);
  return name as N & DeploymentCollection;
}

export const isDeploymentCollection = (name: string): boolean => DEPLOYMENT_COLLECTIONS.has(name);

/** One commune's documents, read outside any unit of work. */
export interface CommuneReads {
  readonly communeId: string;
  collection<T extends Document = Document>(name: string): ReadCollection<T>;
}

/** One commune's documents inside a unit of work (what a projection's handler gets for its event's commune). */
export interface CommuneUnitOfWork {
  readonly communeId: string;
  collection<T extends Document = Document>(name: string): WriteCollection<T>;
}

export interface UnitOfWork {
  collection<T extends Document = Document>(name: DeploymentCollection): WriteCollection<T>;
  inCommune(communeId: string): CommuneUnitOfWork;
}

/** Read-only, deployment-wide work over commune collections (a dispatcher, an operator's tool): every document says its commune. */
export interface CrossCommuneReads {
  collection<T extends Document = Document>(name: string): Pick<ReadCollection<T & { communeId: string }>, 'find' | 'count'>;
}

export interface ReadStore {
  readonly adapter: DocumentStore['adapter'];
  /** The embedded store's file, or MongoDB's address (without credentials). */
  readonly location: string;
  /** Create the collection and its indexes if missing (a commune collection's indexes all start with the commune). Idempotent. */
  ensureCollection(spec: CollectionSpec): Promise<void>;
  /** A deployment-wide collection, committed data only. */
  collection<T extends Document = Document>(name: DeploymentCollection): ReadCollection<T>;
  /** One commune's documents, committed data only. */
  inCommune(communeId: string): CommuneReads;
  acrossCommunes(): CrossCommuneReads;
  /** Run `work` and commit everything it wrote atomically; throw → nothing is written. */
  unitOfWork<R>(work: (uow: UnitOfWork) => Promise<R>): Promise<R>;
  dropCollection(name: string): Promise<void>;
  /** After an erasure: no deleted document's bytes left in the store's files. */
  scrubDeletedDocuments(): Promise<void>;
  health(): Promise<StoreHealth>;
  close(): Promise<void>;
}

const COMMUNE_FIELD = 'communeId';
const SEPARATOR = '/';

function assertCommuneId(communeId: unknown): asserts communeId is string {
  if (typeof communeId !== 'string' || communeId === '' || communeId.includes(SEPARATOR)) {
    throw new ReadStoreUsageError(`A commune id must be a non-empty string without "${SEPARATOR}" (got ${JSON.stringify(communeId)})`);
  }
}

function refuseUnscoped(name: string): never {
  throw new ReadStoreUsageError(`Collection ${name} belongs to communes: reach it through inCommune(communeId)`);
}

/** The key a commune's document is stored under. */
export const communeKey = (communeId: string, id: string): string => communeId + SEPARATOR + id;

const prefixed = (prefix: string, value: Scalar): Scalar => (typeof value === 'string' ? prefix + value : value);

function scopedIdCondition(prefix: string, condition: Scalar | FieldCondition): Scalar | FieldCondition {
  if (condition === null || typeof condition !== 'object') return prefixed(prefix, condition);
  const out: FieldCondition = { ...condition };
  if (condition.$eq !== undefined) out.$eq = prefixed(prefix, condition.$eq);
  if (condition.$ne !== undefined) out.$ne = prefixed(prefix, condition.$ne);
  if (Array.isArray(condition.$in)) out.$in = condition.$in.map((v) => prefixed(prefix, v));
  for (const op of ['$gt', '$gte', '$lt', '$lte'] as const) {
    const bound = condition[op];
    if (typeof bound === 'string') out[op] = prefix + bound;
  }
  return out;
}

/** The same collection seen from one commune: its keys, filters and documents carry the commune. */
class CommuneCollection<T extends Document> implements WriteCollection<T> {
  private readonly prefix: string;

  constructor(
    private readonly inner: WriteCollection<Document>,
    private readonly communeId: string,
  ) {
    this.prefix = communeId + SEPARATOR;
  }

  async get(id: string): Promise<T | null> {
    if (typeof id !== 'string') return null;
    const doc = await this.inner.get(this.prefix + id);
    return doc && this.outgoing(doc);
  }

  async find(filter?: Filter, options?: FindOptions): Promise<T[]> {
    const docs = await this.inner.find(this.scoped(filter), options);
    return docs.map((doc) => this.outgoing(doc));
  }

  count(filter?: Filter): Promise<number> {
    return this.inner.count(this.scoped(filter));
  }

  upsert(doc: T): Promise<void> {
    return this.inner.upsert(this.incoming(doc));
  }

  append(doc: T): Promise<void> {
    return this.inner.append(this.incoming(doc));
  }

  delete(id: string): Promise<void> {
    return this.inner.delete(this.prefix + id);
  }

  deleteMany(filter: Filter): Promise<number> {
    return this.inner.deleteMany(this.scoped(filter));
  }

  private scoped(filter: Filter | undefined): Filter {
    const given = filter?.[COMMUNE_FIELD];
    if (given !== undefined && given !== this.communeId && !(typeof given === 'object' && given !== null && given.$eq === this.communeId)) {
      throw new ReadStoreUsageError(`A filter of commune ${this.communeId} names another commune (${JSON.stringify(given)})`);
    }
    const out: Filter = { [COMMUNE_FIELD]: this.communeId };
    for (const [field, condition] of Object.entries(filter ?? {})) {
      if (field === COMMUNE_FIELD) continue;
      out[field] = field === '_id' ? scopedIdCondition(this.prefix, condition) : condition;
    }
    return out;
  }

  private incoming(doc: T): Document {
    if (doc === null || typeof doc !== 'object' || typeof doc._id !== 'string' || doc._id === '') {
      throw new ReadStoreUsageError('A document needs a non-empty string _id');
    }
    const communeId = doc[COMMUNE_FIELD];
    if (communeId !== undefined && communeId !== this.communeId) {
      throw new ReadStoreUsageError(`A document of commune ${String(communeId)} cannot be written in commune ${this.communeId}`);
    }
    return { ...doc, _id: this.prefix + doc._id, [COMMUNE_FIELD]: this.communeId };
  }

  private outgoing(doc: Document): T {
    return { ...doc, _id: doc._id.slice(this.prefix.length) } as T;
  }
}

class CommuneView<C extends ReadCollection<Document>> {
  private readonly collections = new Map<string, unknown>();

  constructor(
    private readonly open: (name: string) => C,
    readonly communeId: string,
  ) {
    assertCommuneId(communeId);
  }

  collection<T extends Document = Document>(name: string): WriteCollection<T> {
    let collection = this.collections.get(name);
    if (!collection) {
      const inner = this.open(name);
      collection = isDeploymentCollection(name) ? inner : new CommuneCollection<T>(inner as unknown as WriteCollection<Document>, this.communeId);
      this.collections.set(name, collection);
    }
    return collection as WriteCollection<T>;
  }
}

class ScopedUnitOfWork implements UnitOfWork {
  private readonly communes = new Map<string, CommuneUnitOfWork>();

  constructor(private readonly inner: DocumentUnitOfWork) {}

  collection<T extends Document = Document>(name: DeploymentCollection): WriteCollection<T> {
    if (!isDeploymentCollection(name)) refuseUnscoped(name);
    return this.inner.collection<T>(name);
  }

  inCommune(communeId: string): CommuneUnitOfWork {
    let view = this.communes.get(communeId);
    if (!view) {
      view = new CommuneView((name) => this.inner.collection(name), communeId);
      this.communes.set(communeId, view);
    }
    return view;
  }
}

/** A commune's documents as the deployment stores them: their `_id` back to the commune's own. */
function unscopedId(doc: Document): Document {
  const communeId = doc[COMMUNE_FIELD];
  return typeof communeId === 'string' && doc._id.startsWith(communeId + SEPARATOR) ? { ...doc, _id: doc._id.slice(communeId.length + 1) } : doc;
}

class CommuneScopedReadStore implements ReadStore {
  private readonly communes = new Map<string, CommuneReads>();

  constructor(readonly documents: DocumentStore) {}

  get adapter() {
    return this.documents.adapter;
  }

  get location() {
    return this.documents.location;
  }

  ensureCollection(spec: CollectionSpec): Promise<void> {
    if (isDeploymentCollection(spec.name)) return this.documents.ensureCollection(spec);
    const indexes = (spec.indexes ?? []).map((index) => (index.fields[0] === COMMUNE_FIELD ? index : { ...index, fields: [COMMUNE_FIELD, ...index.fields] }));
    if (indexes.length === 0) indexes.push({ fields: [COMMUNE_FIELD] });
    return this.documents.ensureCollection({ ...spec, indexes });
  }

  collection<T extends Document = Document>(name: DeploymentCollection): ReadCollection<T> {
    if (!isDeploymentCollection(name)) refuseUnscoped(name);
    return this.documents.collection<T>(name);
  }

  inCommune(communeId: string): CommuneReads {
    let view = this.communes.get(communeId);
    if (!view) {
      view = new CommuneView((name) => this.documents.collection(name) as WriteCollection<Document>, communeId);
      this.communes.set(communeId, view);
    }
    return view;
  }

  acrossCommunes(): CrossCommuneReads {
    return {
      collection: <T extends Document>(name: string) => {
        if (isDeploymentCollection(name)) throw new ReadStoreUsageError(`Collection ${name} is deployment-wide: read it with collection()`);
        const inner = this.documents.collection(name);
        const refuseIds = (filter?: Filter) => {
          if (filter && '_id' in filter) throw new ReadStoreUsageError('Across communes an _id names nothing: find by commune and id through inCommune()');
          return filter;
        };
        return {
          find: async (filter?: Filter, options?: FindOptions) => (await inner.find(refuseIds(filter), options)).map(unscopedId) as Array<T & { communeId: string }>,
          count: (filter?: Filter) => inner.count(refuseIds(filter)),
        };
      },
    };
  }

  unitOfWork<R>(work: (uow: UnitOfWork) => Promise<R>): Promise<R> {
    return this.documents.unitOfWork((uow) => work(new ScopedUnitOfWork(uow)));
  }

  dropCollection(name: string): Promise<void> {
    return this.documents.dropCollection(name);
  }

  scrubDeletedDocuments(): Promise<void> {
    return this.documents.scrubDeletedDocuments();
  }

  health(): Promise<StoreHealth> {
    return this.documents.health();
  }

  close(): Promise<void> {
    return this.documents.close();
  }
}

/** The read store the portal uses: the adapter's documents, kept apart per commune. */
export function communeScoped(documents: DocumentStore): ReadStore & { readonly documents: DocumentStore } {
  return new CommuneScopedReadStore(documents);
}
