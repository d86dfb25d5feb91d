export * from './request-steps';
export * from './request-inbox.events';
export * from './request-inbox.decider';
export * from './requests.projection';
export * from './mark-requests-read.handler';
export * from './requests.dto';
export * from './requests.controller';
export * from './requests.module';
