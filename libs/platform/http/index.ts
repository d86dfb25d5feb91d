export * from './error-body';
export * from './domain-exception.filter';
export * from './validation';
export * from './csrf';
export * from './body-parsing';
export * from './text-safety';
export * from './dto-inspection';
export * from './openapi-from-validators';
