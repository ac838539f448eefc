export * from './metric-fact';
export * from './metric-query';
export { MetricIndex } from './metric-index';
export { ExactSum, exactSum } from './exact-sum';
