export * from './message-bus.port';
export * from './handle-with-retries';
export * from './in-process/in-process.bus';
export * from './kafka/kafka.bus';
export * from './nest/bus.transport';
export * from './bus-metrics';
export * from './create-message-bus';
export * from './outbox/outbox-relay';
