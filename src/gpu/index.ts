export * from './context';
export * from './limits';
export * from './params';
export * from './pipelines';
export * from './buffers';
export * from './recorder';
export * from './flags';
