export * from './contact.events';
export * from './contact.decider';
export * from './contact.requests';
export * from './contact.handlers';
export * from './contact.controller';
export * from './contact.module';
export * from './contact.personal-data';
