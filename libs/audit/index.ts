export * from './audit.projection';
export * from './audit.query';
export * from './audit.controller';
export * from './audit.module';
