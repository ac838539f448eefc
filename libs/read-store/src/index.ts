export * from './read-store.port';
export * from './embedded/embedded.read-store';
export * from './mongodb/mongodb.read-store';
