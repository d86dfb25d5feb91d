export * from './commune.events';
export * from './commune.decider';
export * from './communes.projection';
export * from './register-commune.handler';
export * from './communes.module';
