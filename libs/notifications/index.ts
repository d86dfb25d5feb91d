export * from './recipients';
export * from './request-mails';
export * from './notifications.reactor';
export * from './notifications.module';
