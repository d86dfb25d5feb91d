export * from './document.events';
export * from './document.decider';
export * from './document.personal-data';
export * from './document.requests';
export * from './documents.projection';
export * from './content-type';
export * from './documents.service';
export * from './documents.module';
