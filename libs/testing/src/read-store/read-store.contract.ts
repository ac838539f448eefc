import { ReadStore } from '@okr/read-store';
import { randomUUID } from 'node:crypto';

interface ProgressDoc {
  _id: string;
  unitId: string;
  progress: number;
  version: number;
  [field: string]: unknown;
}

/** What every read-store adapter must do, including staying right when events arrive twice or late. */
export function readStoreContract(name: string, open: () => Promise<ReadStore>): void {
  describe(`read store contract: ${name}`, () => {
    let store: ReadStore;
    const collection = () => store.collection<ProgressDoc>(`contract_${randomUUID().replace(/-/g, '')}`);

    beforeAll(async () => {
      store = await open();
    });
    afterAll(() => store?.close());

    it('upserts, gets and queries with Mongo syntax, sort, skip and limit', async () => {
      const objectives = collection();
      await objectives.upsert({ _id: 'a', unitId: 'emea', progress: 0.2, version: 1 });
      await objectives.upsert({ _id: 'b', unitId: 'emea', progress: 0.9, version: 1 });
      await objectives.upsert({ _id: 'c', unitId: 'us', progress: 0.4, version: 1 });
      await objectives.upsert({ _id: 'a', unitId: 'emea', progress: 0.3, version: 2 });

      expect(await objectives.get('a')).toEqual({ _id: 'a', unitId: 'emea', progress: 0.3, version: 2 });
      expect(await objectives.get('nope')).toBeNull();
      expect((await objectives.find({ unitId: 'emea' }, { sort: { progress: -1 } })).map((d) => d._id)).toEqual(['b', 'a']);
      expect((await objectives.find({ progress: { $lt: 0.5 } }, { sort: { _id: 1 } })).map((d) => d._id)).toEqual(['a', 'c']);
      expect((await objectives.find({}, { sort: { _id: 1 }, skip: 1, limit: 1 })).map((d) => d._id)).toEqual(['b']);
      expect(await objectives.count({ unitId: 'emea' })).toBe(2);
    });

    it('upserts a batch in one call, the last of the same id winning', async () => {
      const objectives = collection();
      await objectives.upsert({ _id: 'a', unitId: 'emea', progress: 0.1, version: 1 });
      await objectives.upsertMany([
        { _id: 'a', unitId: 'emea', progress: 0.2, version: 2 },
        { _id: 'b', unitId: 'us', progress: 0.3, version: 1 },
        { _id: 'b', unitId: 'us', progress: 0.4, version: 2 },
      ]);
      await objectives.upsertMany([]);
      expect(await objectives.find({}, { sort: { _id: 1 } })).toEqual([
        { _id: 'a', unitId: 'emea', progress: 0.2, version: 2 },
        { _id: 'b', unitId: 'us', progress: 0.4, version: 2 },
      ]);
    });

    it('keeps the newer version when an event is delivered twice or arrives late', async () => {
      const objectives = collection();
      expect(await objectives.upsertIfNewer({ _id: 'a', unitId: 'emea', progress: 0.5, version: 5 }, 'version')).toBe(true);
      expect(await objectives.upsertIfNewer({ _id: 'a', unitId: 'emea', progress: 0.5, version: 5 }, 'version')).toBe(false);
      expect(await objectives.upsertIfNewer({ _id: 'a', unitId: 'emea', progress: 0.1, version: 3 }, 'version')).toBe(false);
      expect((await objectives.get('a'))?.progress).toBe(0.5);
      expect(await objectives.upsertIfNewer({ _id: 'a', unitId: 'emea', progress: 0.7, version: 6 }, 'version')).toBe(true);
      expect((await objectives.get('a'))?.progress).toBe(0.7);
    });

    it('hands out copies: changing a returned document changes nothing stored', async () => {
      const objectives = collection();
      await objectives.upsert({ _id: 'a', unitId: 'emea', progress: 0.2, version: 1 });
      const read = (await objectives.get('a'))!;
      read.progress = 1;
      expect((await objectives.get('a'))?.progress).toBe(0.2);
    });

    it('deletes a document and clears a collection for a rebuild', async () => {
      const objectives = collection();
      await objectives.upsert({ _id: 'a', unitId: 'emea', progress: 0.2, version: 1 });
      await objectives.upsert({ _id: 'b', unitId: 'emea', progress: 0.2, version: 1 });
      await objectives.delete('a');
      expect(await objectives.count()).toBe(1);
      await objectives.clear();
      expect(await objectives.find()).toEqual([]);
    });

    it('keeps each projection’s checkpoint', async () => {
      const projection = `projection-${randomUUID()}`;
      expect(await store.loadCheckpoint(projection)).toBeNull();
      await store.saveCheckpoint(projection, '42');
      await store.saveCheckpoint(projection, '57');
      expect(await store.loadCheckpoint(projection)).toBe('57');
    });

    it('hands out each number of a sequence once, to concurrent callers too', async () => {
      const sequence = `sequence-${randomUUID()}`;
      expect(await store.reserveSequence(sequence, 0)).toBe(1);
      expect(await store.reserveSequence(sequence, 3)).toBe(1);
      const firsts = await Promise.all([store.reserveSequence(sequence, 2), store.reserveSequence(sequence, 2), store.reserveSequence(sequence, 2)]);
      const numbers = firsts.flatMap((first) => [first, first + 1]).sort((a, b) => a - b);
      expect(numbers).toEqual([4, 5, 6, 7, 8, 9]);
      expect(await store.reserveSequence(sequence, 0)).toBe(10);
    });
  });
}
