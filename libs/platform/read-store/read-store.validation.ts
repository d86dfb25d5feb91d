/**
 * Checks shared by both adapters. Names and paths end up inside SQL text (SQLite) or as
 * MongoDB keys, so they are held to a strict alphabet; values are always bound, never inlined.
 */
import { ReadStoreUsageError } from './read-store.errors';
import type { CollectionSpec, FieldCondition, Filter, FindOptions, IndexSpec, Scalar } from './read-store.port';

export type Operator = 'eq' | 'ne' | 'in' | 'gt' | 'gte' | 'lt' | 'lte';

export type Condition =
  | { op: 'eq' | 'ne'; value: Scalar }
  | { op: 'in'; value: Scalar[] }
  | { op: 'gt' | 'gte' | 'lt' | 'lte'; value: string | number };

export interface FieldFilter {
  path: string;
  segments: string[];
  /** ANDed; with arrays each condition may be met by a different element, as in MongoDB. */
  conditions: Condition[];
}

export interface SortKey {
  path: string;
  segments: string[];
  direction: 1 | -1;
}

export interface NormalizedFind {
  sort: SortKey[];
  /** undefined: no limit. */
  limit?: number;
  skip: number;
}

const COLLECTION_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,62}$/;
// Digit-only segments are refused: MongoDB reads them as array positions, SQLite as keys.
export const SEGMENT = /^(?!\d+$)[A-Za-z0-9_][A-Za-z0-9_-]{0,63}$/;
const MAX_SEGMENTS = 8;
export const MAX_DOCUMENT_DEPTH = 64;

const OPERATORS: Record<string, Operator> = {
  $eq: 'eq',
  $ne: 'ne',
  $in: 'in',
  $gt: 'gt',
  $gte: 'gte',
  $lt: 'lt',
  $lte: 'lte',
};

export function checkCollectionName(name: unknown): string {
  if (typeof name !== 'string' || !COLLECTION_NAME.test(name)) {
    throw new ReadStoreUsageError(
      `Invalid collection name ${JSON.stringify(name)}: use a letter then letters, digits, "_" or "-" (at most 63).`,
    );
  }
  return name;
}

const pathCache = new Map<string, string[]>();

/** Splits a dotted path ("child.id") into checked segments. */
export function parsePath(path: unknown): string[] {
  if (typeof path === 'string') {
    const cached = pathCache.get(path);
    if (cached) return cached;
  }
  if (typeof path !== 'string' || path.length === 0 || path.length > 256) {
    throw new ReadStoreUsageError(`Invalid field path ${JSON.stringify(path)}.`);
  }
  const segments = path.split('.');
  if (segments.length > MAX_SEGMENTS || !segments.every((s) => SEGMENT.test(s))) {
    throw new ReadStoreUsageError(
      `Invalid field path ${JSON.stringify(path)}: segments are letters, digits, "_" or "-" (not digits only), at most ${MAX_SEGMENTS}.`,
    );
  }
  if (pathCache.size > 10_000) pathCache.clear();
  pathCache.set(path, segments);
  return segments;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function checkScalar(value: unknown, where: string): Scalar {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  throw new ReadStoreUsageError(`${where}: expected a string, a finite number, a boolean or null, got ${describe(value)}.`);
}

function checkOrderable(value: unknown, where: string): string | number {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  throw new ReadStoreUsageError(`${where}: expected a string or a finite number, got ${describe(value)}.`);
}

export function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object' && value !== null) return value.constructor?.name ?? 'an object';
  return typeof value === 'number' ? String(value) : typeof value;
}

export function normalizeFilter(filter: Filter | undefined): FieldFilter[] {
  if (filter === undefined) return [];
  if (!isPlainObject(filter)) throw new ReadStoreUsageError(`A filter must be a plain object, got ${describe(filter)}.`);
  const fields: FieldFilter[] = [];
  for (const [path, raw] of Object.entries(filter)) {
    if (path.startsWith('$')) throw new ReadStoreUsageError(`Filter operator ${path} is not supported.`);
    const segments = parsePath(path);
    const where = `Filter on "${path}"`;
    if (raw === undefined) {
      // Refused rather than ignored: a dropped condition would widen the query (another family's data).
      throw new ReadStoreUsageError(`${where}: the value is undefined.`);
    }
    if (!isPlainObject(raw)) {
      fields.push({ path, segments, conditions: [{ op: 'eq', value: checkScalar(raw, where) }] });
      continue;
    }
    const conditions: Condition[] = [];
    for (const [key, value] of Object.entries(raw as FieldCondition)) {
      const op = OPERATORS[key];
      if (!op) throw new ReadStoreUsageError(`${where}: operator ${key} is not supported (use $eq $ne $in $gt $gte $lt $lte).`);
      if (value === undefined) throw new ReadStoreUsageError(`${where}: ${key} is undefined.`);
      if (op === 'eq' || op === 'ne') conditions.push({ op, value: checkScalar(value, `${where} ${key}`) });
      else if (op === 'in') {
        if (!Array.isArray(value)) throw new ReadStoreUsageError(`${where}: $in needs an array.`);
        conditions.push({ op, value: value.map((v) => checkScalar(v, `${where} $in`)) });
      } else conditions.push({ op, value: checkOrderable(value, `${where} ${key}`) });
    }
    if (conditions.length === 0) throw new ReadStoreUsageError(`${where}: empty condition object.`);
    fields.push({ path, segments, conditions });
  }
  return fields;
}

function checkCount(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new ReadStoreUsageError(`${name} must be a non-negative integer, got ${describe(value)}.`);
  }
  return value;
}

export function normalizeFindOptions(options: FindOptions | undefined): NormalizedFind {
  const sort: SortKey[] = [];
  if (options?.sort !== undefined) {
    if (!isPlainObject(options.sort)) throw new ReadStoreUsageError('sort must be an object of path → 1 | -1.');
    for (const [path, direction] of Object.entries(options.sort)) {
      if (direction !== 1 && direction !== -1) {
        throw new ReadStoreUsageError(`sort on "${path}": direction must be 1 or -1.`);
      }
      sort.push({ path, segments: parsePath(path), direction });
    }
  }
  return {
    sort,
    limit: options?.limit === undefined ? undefined : checkCount(options.limit, 'limit'),
    skip: options?.skip === undefined ? 0 : checkCount(options.skip, 'skip'),
  };
}

export function checkId(id: unknown): string {
  if (typeof id !== 'string' || id.length === 0) {
    throw new ReadStoreUsageError(`A document _id must be a non-empty string, got ${describe(id)}.`);
  }
  return id;
}

export function checkIndexSpec(collection: string, spec: IndexSpec): IndexSpec {
  if (!spec || !Array.isArray(spec.fields) || spec.fields.length === 0 || spec.fields.length > 8) {
    throw new ReadStoreUsageError(`Collection ${collection}: an index needs 1 to 8 fields.`);
  }
  spec.fields.forEach(parsePath);
  if (new Set(spec.fields).size !== spec.fields.length) {
    throw new ReadStoreUsageError(`Collection ${collection}: an index lists a field twice.`);
  }
  return { fields: [...spec.fields], unique: spec.unique === true };
}

export function checkCollectionSpec(spec: CollectionSpec): Required<CollectionSpec> {
  const name = checkCollectionName(spec?.name);
  return { name, indexes: (spec.indexes ?? []).map((index) => checkIndexSpec(name, index)) };
}

/**
 * Checks that a document is plain JSON (both adapters must store the same thing: a Date would be
 * a string in SQLite but a BSON date in MongoDB) and reports every array it holds by its path,
 * array levels left out ("children.tags"), so SQLite knows where element matching is needed.
 * Arrays under keys that no query path can name are not reported.
 */
export function checkDocument(doc: unknown, onArray?: (path: string) => void): void {
  if (!isPlainObject(doc)) throw new ReadStoreUsageError(`A document must be a plain object, got ${describe(doc)}.`);
  checkId(doc._id);
  walk(doc, '', true, 0, onArray);
}

function walk(
  value: Record<string, unknown>,
  prefix: string,
  reachable: boolean,
  depth: number,
  onArray: ((path: string) => void) | undefined,
): void {
  if (depth > MAX_DOCUMENT_DEPTH) throw new ReadStoreUsageError(`Document nested deeper than ${MAX_DOCUMENT_DEPTH} levels.`);
  for (const key in value) {
    const child = value[key];
    if (key.length === 0 || key.charCodeAt(0) === 36 /* $ */ || key.includes('.') || key.includes('\0')) {
      throw new ReadStoreUsageError(`Document key ${JSON.stringify(prefix + key)}: keys must be non-empty, not start with "$" nor hold ".".`);
    }
    if (child === null || typeof child === 'string' || typeof child === 'boolean') continue;
    const path = prefix + key;
    if (typeof child === 'number') {
      if (!Number.isFinite(child)) throw new ReadStoreUsageError(`Document field "${path}" is ${child}: not JSON.`);
      continue;
    }
    if (child === undefined) continue; // dropped, as JSON.stringify and MongoDB (ignoreUndefined) do
    const childReachable = reachable && SEGMENT.test(key);
    if (Array.isArray(child)) {
      if (childReachable) onArray?.(path);
      walkArray(child, path, childReachable, depth + 1, onArray);
    } else if (isPlainObject(child)) {
      walk(child, path + '.', childReachable, depth + 1, onArray);
    } else {
      throw new ReadStoreUsageError(
        `Document field "${path}" is ${describe(child)}: store plain JSON (a Date as an ISO string).`,
      );
    }
  }
}

function walkArray(
  items: unknown[],
  path: string,
  reachable: boolean,
  depth: number,
  onArray: ((path: string) => void) | undefined,
): void {
  if (depth > MAX_DOCUMENT_DEPTH) throw new ReadStoreUsageError(`Document nested deeper than ${MAX_DOCUMENT_DEPTH} levels.`);
  for (const item of items) {
    if (item === null || typeof item === 'string' || typeof item === 'boolean') continue;
    if (typeof item === 'number') {
      if (!Number.isFinite(item)) throw new ReadStoreUsageError(`Document field "${path}" holds ${item}: not JSON.`);
    } else if (Array.isArray(item)) {
      // Paths do not go through an array nested in an array (MongoDB does not either).
      walkArray(item, path, false, depth + 1, onArray);
    } else if (isPlainObject(item)) {
      walk(item, path + '.', reachable, depth + 1, onArray);
    } else {
      throw new ReadStoreUsageError(
        `Document field "${path}" holds ${describe(item)}: store plain JSON (null, not undefined; a Date as an ISO string).`,
      );
    }
  }
}
