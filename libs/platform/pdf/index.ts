export * from './pdf-layout';
