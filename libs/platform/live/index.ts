export * from './live-hub';
