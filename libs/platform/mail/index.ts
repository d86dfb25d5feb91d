export * from './outbox';
export * from './mail-sender';
export * from './mail-catcher';
export * from './mail-catcher.page';
export * from './mail.templates';
export * from './mail.module';
