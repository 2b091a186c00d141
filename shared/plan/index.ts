export * from './operation';
export * from './plan';
