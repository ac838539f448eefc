import { describeWithDependency, MONGODB, readStoreContract } from '@okr/testing';
import { randomBytes } from 'node:crypto';
import { MongoReadStore } from './mongodb.read-store';

describeWithDependency('MongoDB read store', MONGODB, (url) => {
  // A database of its own per run, dropped afterwards.
  const database = `okr_test_${randomBytes(4).toString('hex')}`;
  afterAll(async () => {
    const store = await MongoReadStore.connect(url, database);
    await store.dropDatabase();
    await store.close();
  });

  readStoreContract('MongoDB', () => MongoReadStore.connect(url, database));
});
