export * from './ages';
export * from './communes.public-events';
export * from './families.public-events';
export * from './activities.public-events';
export * from './reservations.public-events';
export * from './day-follow-up.public-events';
export * from './billing.public-events';
