export * from './event-metadata';
export * from './recorded-event';
export * from './goal-event.message';
