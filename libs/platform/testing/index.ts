export * from './projection-harness';
export * from './pdf-text';
export * from './mailbox';
