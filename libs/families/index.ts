export * from './family.events';
export * from './family.decider';
export * from './family.personal-data';
export * from './families.projection';
export * from './family-access';
export * from './subscriber-code';
export * from './open-family-file.handler';
export * from './families.module';
