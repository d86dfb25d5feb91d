export * from './activity.events';
export * from './activity.decider';
export * from './activity-calendar';
export * from './calendar';
export * from './activities.projection';
export * from './configure-activity.handler';
export * from './activities.controller';
export * from './activities.module';
