export * from './news.events';
export * from './news.decider';
export * from './news.projection';
export * from './news.query';
export * from './news.handlers';
export * from './news.controller';
export * from './news.module';
