export * from './requests.projection';
export * from './requests.module';
