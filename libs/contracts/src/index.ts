export * from './event-metadata';
export * from './recorded-event';
export * from './goal-event.message';
export * from './metric-data-point.message';
export * from './goal-event-key';
