export * from './event-metadata';
export * from './recorded-event';
