export * from './operation';
export * from './plan';
export * from './change-view';
