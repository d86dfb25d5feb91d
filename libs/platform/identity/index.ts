export * from './role';
export * from './session';
export * from './session-store';
export * from './ports';
export * from './access';
export * from './command-context.factory';
export * from './auth-throttler.guard';
