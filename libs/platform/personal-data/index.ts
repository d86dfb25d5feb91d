export * from './key-store.port';
export * from './sqlite-key-store';
export * from './mongodb-key-store';
export * from './personal-data.policy';
export * from './sealing';
export * from './personal-data-event-store';
export * from './key-wrapping';
export * from './sealed-family-files';
