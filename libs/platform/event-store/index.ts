export * from './event-store.port';
export { SqliteEventStore, SQLITE_EVENTS_SCHEMA, SQLITE_INSERT_EVENT_SQL } from './sqlite-event-store';
export type { SqliteEventStoreOptions } from './sqlite-event-store';
export { KurrentDbEventStore } from './kurrentdb-event-store';
export type { KurrentDbEventStoreOptions } from './kurrentdb-event-store';
export { createEventStore } from './event-store.factory';
export type { EventStoreConfig } from './event-store.factory';
export * from './private-files';
