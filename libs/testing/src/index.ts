export * from './event-store/event-store.contract';
export * from './event-store/new-test-event';
export * from './infrastructure/external-dependency';
export * from './decider/decider-specification';
export * from './message-bus/message-bus.contract';
export * from './message-bus/bus-transport.contract';
export * from './read-store/read-store.contract';
