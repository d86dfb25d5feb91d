export * from './dashboard-counters';
export * from './dashboard.query';
export * from './dashboard.controller';
export * from './dashboard.module';
