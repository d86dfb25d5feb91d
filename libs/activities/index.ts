export * from './activity.events';
export * from './activity.decider';
export * from './activities.projection';
export * from './configure-activity.handler';
export * from './activities.module';
