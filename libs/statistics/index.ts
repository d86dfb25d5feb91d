export * from './attendance-statistics';
export * from './attendance-statistics.csv';
export * from './attendance-statistics.query';
export * from './statistics-period';
export * from './statistics.controller';
export * from './statistics.module';
