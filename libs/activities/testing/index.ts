export * from './activity-fixtures';
