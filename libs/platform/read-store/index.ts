export * from './read-store.port';
export * from './read-store.errors';
export * from './commune-scope';
export { SqliteReadStore, type SqliteReadStoreOptions } from './sqlite-read-store';
export { MongoReadStore, type MongoReadStoreOptions } from './mongodb-read-store';
export { createReadStore, type ReadStoreConfig } from './read-store.factory';
