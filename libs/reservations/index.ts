export * from './deadline-rules';
export * from './reservation.events';
export * from './reservation.decider';
export * from './day-availability';
export * from './planning.projection';
export * from './planning.query';
export * from './request-reservation.handler';
export * from './reservations.module';
