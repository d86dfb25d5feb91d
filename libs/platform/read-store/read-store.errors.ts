/** Errors both adapters raise, beside ReadStoreUnavailableError (declared with the port). */

/** A write broke a unique index (or reused an _id where that is not allowed). The unit of work fails. */
export class ReadStoreDuplicateKeyError extends Error {
  readonly code = 'READ_STORE_DUPLICATE_KEY';
  constructor(
    message: string,
    readonly collection: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'ReadStoreDuplicateKeyError';
  }
}

/** The caller broke the rules of the API (bad name, path, filter, document, nested unit…): a bug, not an outage. */
export class ReadStoreUsageError extends Error {
  readonly code = 'READ_STORE_USAGE';
  constructor(message: string) {
    super(message);
    this.name = 'ReadStoreUsageError';
  }
}
