export * from './metric-ledger-reader.contract';
export * from './index-snapshot-store.contract';
