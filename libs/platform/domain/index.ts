export * from './clock';
export * from './domain-error';
export * from './ids';
export * from './memo';
export * from './refusal';
