export * from './enrolment.events';
export * from './enrolment.decider';
export * from './enrolments.projection';
export * from './enrolment.requests';
export * from './lookups';
export * from './request-enrolment.handler';
export * from './enrolments.controller';
export * from './enrolments.module';
