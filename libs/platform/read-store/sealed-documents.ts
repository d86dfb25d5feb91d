/**
 * Sealed documents: a unit of work keeps the documents it reads and writes as deep-frozen objects,
 * so it can hand them out again without copying or parsing, and write each one once when it ends.
 *
 * Sealing validates a document (the same rules and messages as checkDocument) and freezes it in
 * place. Given the previous version of the same document, it skips every part that is that
 * version's own part at the same place (a document read from the unit and spread into a new one
 * keeps its untouched parts): those were checked and frozen when that version was sealed, and their
 * array paths are already known. Sealing then costs what changed, not the whole document.
 */
import { ReadStoreUsageError } from './read-store.errors';
import type { Document } from './read-store.port';
import { MAX_DOCUMENT_DEPTH, SEGMENT, checkId, describe, isPlainObject } from './read-store.validation';

type Report = ((path: string) => void) | undefined;

/**
 * Validates `doc` as plain JSON and freezes it in place (the caller must not change it afterwards:
 * the store keeps it). `previous` is the sealed version it replaces, if the unit has it. `onArray`
 * receives the array paths of the parts that are new, as checkDocument reports them (the others
 * were reported when `previous` was written).
 */
export function sealDocument(doc: unknown, previous?: Document | null, onArray?: (path: string) => void): Document {
  if (!isPlainObject(doc)) throw new ReadStoreUsageError(`A document must be a plain object, got ${describe(doc)}.`);
  checkId(doc._id);
  if (doc !== previous) sealObject(doc, previous ?? undefined, '', 0, true, onArray);
  return doc as Document;
}

/** Freezes a document this store wrote and just read back (parsed JSON, or a MongoDB result): already valid. */
export function sealStored<T extends Document>(doc: T): T {
  freezeDeep(doc);
  return doc;
}

function depthError(): ReadStoreUsageError {
  return new ReadStoreUsageError(`Document nested deeper than ${MAX_DOCUMENT_DEPTH} levels.`);
}

function sealObject(value: Record<string, unknown>, previous: Record<string, unknown> | undefined, prefix: string, depth: number, reachable: boolean, onArray: Report): void {
  if (depth > MAX_DOCUMENT_DEPTH) throw depthError();
  const keys = Object.keys(value);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const child = value[key];
    if (key.length === 0 || key.charCodeAt(0) === 36 /* $ */ || key.includes('.') || key.includes('\0')) {
      throw new ReadStoreUsageError(`Document key ${JSON.stringify(prefix + key)}: keys must be non-empty, not start with "$" nor hold ".".`);
    }
    if (child === null || child === undefined || typeof child === 'string' || typeof child === 'boolean') continue; // undefined: dropped, as JSON and MongoDB (ignoreUndefined) do
    if (typeof child === 'number') {
      if (!Number.isFinite(child)) throw new ReadStoreUsageError(`Document field "${prefix + key}" is ${child}: not JSON.`);
      continue;
    }
    const before = previous?.[key];
    if (child === before) continue; // the previous version's own part, at the same place: sealed with it
    const path = prefix + key;
    const childReachable = reachable && SEGMENT.test(key);
    if (Array.isArray(child)) {
      if (childReachable) onArray?.(path);
      sealArray(child, Array.isArray(before) ? before : undefined, path, depth + 1, childReachable, onArray);
    } else if (isPlainObject(child)) {
      sealObject(child, isPlainObject(before) ? before : undefined, path + '.', depth + 1, childReachable, onArray);
    } else {
      throw new ReadStoreUsageError(`Document field "${path}" is ${describe(child)}: store plain JSON (a Date as an ISO string).`);
    }
  }
  Object.freeze(value);
}

function sealArray(items: unknown[], previous: unknown[] | undefined, path: string, depth: number, reachable: boolean, onArray: Report): void {
  if (depth > MAX_DOCUMENT_DEPTH) throw depthError();
  // Array levels are left out of paths: any item of the previous array sits at the same place.
  const kept = previous && previous.length > 8 ? new Set(previous) : previous;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (item === null || typeof item === 'string' || typeof item === 'boolean') continue;
    if (typeof item === 'number') {
      if (!Number.isFinite(item)) throw new ReadStoreUsageError(`Document field "${path}" holds ${item}: not JSON.`);
      continue;
    }
    if (kept && item !== undefined && (kept instanceof Set ? kept.has(item) : kept.includes(item))) continue;
    if (Array.isArray(item)) {
      // Paths do not go through an array nested in an array (MongoDB does not either).
      sealArray(item, undefined, path, depth + 1, false, onArray);
    } else if (isPlainObject(item)) {
      sealObject(item, undefined, path + '.', depth + 1, reachable, onArray);
    } else {
      throw new ReadStoreUsageError(`Document field "${path}" holds ${describe(item)}: store plain JSON (null, not undefined; a Date as an ISO string).`);
    }
  }
  Object.freeze(items);
}

function freezeDeep(value: object): void {
  if (Array.isArray(value)) {
    for (const item of value) if (item !== null && typeof item === 'object') freezeDeep(item);
  } else {
    const record = value as Record<string, unknown>;
    for (const key in record) {
      const child = record[key];
      if (child !== null && typeof child === 'object') freezeDeep(child);
    }
  }
  Object.freeze(value);
}
