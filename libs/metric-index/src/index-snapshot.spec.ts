import { SNAPSHOT_VERSION } from './index-snapshot';
import { MetricFact } from './metric-fact';
import { MetricIndex } from './metric-index';
import { MetricQuery } from './metric-query';

const METRIC = 'sales.closed_won_amount';

function fact(position: number, recordId: string, recordVersion: number, value: number, more: Partial<MetricFact> = {}): MetricFact {
  return {
    position,
    metric: METRIC,
    subject: { type: 'person', id: 'ana' },
    sourceRecordKey: `salesforce:${recordId}:${METRIC}`,
    source: { system: 'salesforce', recordId },
    recordVersion,
    operation: 'upsert',
    value,
    occurredAt: 10 * position,
    recordedAt: 100 * position,
    ...more,
  };
}

const all: MetricQuery = {
  metric: METRIC,
  scope: [{ subject: { type: 'person', id: 'ana' }, from: -Infinity, to: Infinity }],
  window: { from: -Infinity, to: Infinity },
  aggregation: 'sum',
  asOf: Infinity,
  upToPosition: Infinity,
};

describe('index snapshots', () => {
  it('restores an index that answers as the original, and takes new versions of its records', () => {
    const index = new MetricIndex();
    index.add([
      fact(1, 'opp-1', 1, 100),
      fact(2, 'opp-é', 1, 20),
      fact(4, 'opp-1', 3, 300), // position 3 (version 2) not delivered yet
      { ...fact(5, 'odd', 1, 7), sourceRecordKey: 'a key of another shape' },
    ]);
    const restored = MetricIndex.fromSnapshot(index.snapshot());
    for (const query of [all, { ...all, upToPosition: 2 }, { ...all, aggregation: 'last' as const }]) {
      expect(restored.read(query)).toEqual(index.read(query));
      expect(restored.counted(query)).toEqual(index.counted(query));
    }
    expect([restored.size, restored.watermark, restored.highestPosition]).toEqual([4, 2, 5]);
    expect(restored.counted(all).map(({ sourceRecordKey, source }) => [sourceRecordKey, source.recordId])).toEqual([
      [`salesforce:opp-é:${METRIC}`, 'opp-é'],
      [`salesforce:opp-1:${METRIC}`, 'opp-1'],
      ['a key of another shape', 'odd'],
    ]);

    expect(restored.add([fact(3, 'opp-1', 2, 200), fact(4, 'opp-1', 3, 300), fact(6, 'opp-é', 2, 25)])).toBe(2);
    expect(restored.read(all)).toEqual({ value: 332, count: 3, people: 1 });
    expect(restored.read({ ...all, upToPosition: 3 })).toEqual({ value: 220, count: 2, people: 1 });
    expect(restored.watermark).toBe(6);
  });

  it('restores from bytes at any offset, and an empty index', () => {
    const index = new MetricIndex();
    index.add([fact(1, 'opp-1', 1, 100)]);
    const bytes = index.snapshot();
    const unaligned = new Uint8Array(bytes.length + 3);
    unaligned.set(bytes, 3);
    expect(MetricIndex.fromSnapshot(unaligned.subarray(3)).read(all).value).toBe(100);
    const empty = MetricIndex.fromSnapshot(new MetricIndex().snapshot());
    expect([empty.size, empty.read(all).value]).toEqual([0, 0]);
  });

  it('restores from a Node Buffer: a view at an offset into a larger buffer, as fs and Buffer.concat give them', () => {
    const index = new MetricIndex();
    index.add([fact(1, 'opp-1', 1, 100), fact(2, 'opp-é', 1, 20), fact(3, 'opp-1', 2, 300), { ...fact(4, 'odd', 1, 7), sourceRecordKey: 'a key of another shape' }]);
    const bytes = index.snapshot();
    const concatenated = Buffer.concat([Buffer.alloc(3), Buffer.from(bytes)]).subarray(3);
    const pooled = Buffer.from(bytes); // a small Buffer is a slice of Node's shared pool
    for (const buffer of [concatenated, pooled]) {
      expect(buffer.byteOffset).not.toBe(0);
      const restored = MetricIndex.fromSnapshot(buffer);
      for (const query of [all, { ...all, upToPosition: 2 }, { ...all, aggregation: 'last' as const }]) {
        expect(restored.read(query)).toEqual(index.read(query));
        expect(restored.counted(query)).toEqual(index.counted(query));
      }
      expect(restored.snapshot()).toEqual(bytes);
    }
    expect(() => MetricIndex.fromSnapshot(Buffer.concat([Buffer.alloc(5), Buffer.from(bytes)]).subarray(5, 5 + bytes.length - 1))).toThrow('metric index snapshot is truncated');
  });

  it('starts with a magic and a version, and refuses a version it does not know', () => {
    const bytes = new MetricIndex().snapshot();
    expect(new TextDecoder().decode(bytes.subarray(0, 8))).toBe('OKR-MIDX');
    expect(new DataView(bytes.buffer, bytes.byteOffset).getUint32(8, true)).toBe(SNAPSHOT_VERSION);
    const future = bytes.slice();
    new DataView(future.buffer).setUint32(8, SNAPSHOT_VERSION + 1, true);
    expect(() => MetricIndex.fromSnapshot(future)).toThrow(`metric index snapshot version ${SNAPSHOT_VERSION + 1} is not supported: this build reads version ${SNAPSHOT_VERSION}`);
  });

  it('refuses bytes that are not a whole snapshot', () => {
    const index = new MetricIndex();
    index.add([fact(1, 'opp-1', 1, 100)]);
    const bytes = index.snapshot();
    expect(() => MetricIndex.fromSnapshot(new TextEncoder().encode('{"facts":[]}'))).toThrow('not a metric index snapshot');
    expect(() => MetricIndex.fromSnapshot(bytes.subarray(0, bytes.length - 1))).toThrow('metric index snapshot is truncated');
    const longer = new Uint8Array(bytes.length + 1);
    longer.set(bytes);
    expect(() => MetricIndex.fromSnapshot(longer)).toThrow('metric index snapshot is corrupt: bytes after the facts');
  });
});
