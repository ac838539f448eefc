import { readStoreContract } from '@okr/testing';
import { appendFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedReadStore } from './embedded.read-store';

readStoreContract('embedded', async () => new EmbeddedReadStore());

describe('the embedded read store on disk', () => {
  const root = mkdtempSync(join(tmpdir(), 'okr-read-store-'));
  let n = 0;
  const newFile = () => join(root, `store-${++n}`, 'read-models.ndjson');
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('reopens with the documents, checkpoints and sequences it had when closed', async () => {
    const file = newFile();
    const first = new EmbeddedReadStore(file);
    await first.collection('objectives').upsert({ _id: 'a', progress: 0.4 });
    await first.saveCheckpoint('objectives', '120');
    await first.reserveSequence('writes', 5);
    await first.close();

    const second = new EmbeddedReadStore(file);
    expect(await second.collection('objectives').get('a')).toEqual({ _id: 'a', progress: 0.4 });
    expect(await second.loadCheckpoint('objectives')).toBe('120');
    expect(await second.reserveSequence('writes', 1)).toBe(6);
    await second.close();
  });

  it('keeps every resolved write when the process dies without closing (as after SIGKILL)', async () => {
    const file = newFile();
    const crashed = new EmbeddedReadStore(file);
    const objectives = crashed.collection('objectives');
    await objectives.upsert({ _id: 'a', progress: 0.1 });
    await objectives.upsert({ _id: 'b', progress: 0.2 });
    await objectives.upsertIfNewer({ _id: 'a', progress: 0.5, version: 2 }, 'version');
    await objectives.delete('b');
    await crashed.collection('kpis').upsert({ _id: 'k', value: 3 });
    await crashed.collection('kpis').clear();
    await crashed.saveCheckpoint('goal-events', '77');
    // no close(): nothing but the journal was written

    const reopened = new EmbeddedReadStore(file);
    expect(await reopened.collection('objectives').find({}, { sort: { _id: 1 } })).toEqual([{ _id: 'a', progress: 0.5, version: 2 }]);
    expect(await reopened.collection('kpis').count()).toBe(0);
    expect(await reopened.loadCheckpoint('goal-events')).toBe('77');
    await reopened.close();
  });

  it('ignores a torn last journal line (a crash in the middle of an append)', async () => {
    const file = newFile();
    const crashed = new EmbeddedReadStore(file);
    await crashed.collection('objectives').upsert({ _id: 'a', progress: 0.1 });
    appendFileSync(`${file}.journal`, '{"c":"objectives","u":{"_id":"b","pro');

    const reopened = new EmbeddedReadStore(file);
    expect((await reopened.collection('objectives').find()).map((d) => d._id)).toEqual(['a']);
    await reopened.close();
  });

  it('folds the journal into the snapshot on close, and a journal replayed twice changes nothing', async () => {
    const file = newFile();
    const store = new EmbeddedReadStore(file);
    await store.collection('objectives').upsert({ _id: 'a', progress: 0.1 });
    await store.collection('objectives').clear();
    await store.collection('objectives').upsert({ _id: 'b', progress: 0.3 });
    await store.close();
    expect(statSync(`${file}.journal`).size).toBe(0);

    // A crash between the snapshot's rename and the journal's reset replays old records over the new snapshot.
    appendFileSync(`${file}.journal`, ['{"c":"objectives","u":{"_id":"a","progress":0.1}}', '{"c":"objectives","x":true}', '{"c":"objectives","u":{"_id":"b","progress":0.3}}', ''].join('\n'));
    const reopened = new EmbeddedReadStore(file);
    expect(await reopened.collection('objectives').find()).toEqual([{ _id: 'b', progress: 0.3 }]);
    await reopened.close();
  });
});
