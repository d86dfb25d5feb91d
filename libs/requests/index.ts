export * from './request-steps';
export * from './requests.projection';
export * from './requests.module';
