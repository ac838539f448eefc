import { readStoreContract } from '@okr/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedReadStore } from './embedded.read-store';

readStoreContract('embedded', async () => new EmbeddedReadStore());

describe('the embedded read store on disk', () => {
  const root = mkdtempSync(join(tmpdir(), 'okr-read-store-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('reopens with the documents and checkpoints it had when closed', async () => {
    const file = join(root, 'reporting', 'read-models.json');
    const first = new EmbeddedReadStore(file);
    await first.collection('objectives').upsert({ _id: 'a', progress: 0.4 });
    await first.saveCheckpoint('objectives', '120');
    await first.close();

    const second = new EmbeddedReadStore(file);
    expect(await second.collection('objectives').get('a')).toEqual({ _id: 'a', progress: 0.4 });
    expect(await second.loadCheckpoint('objectives')).toBe('120');
    await second.close();
  });
});
