import { MetricDataPointMessage } from '@okr/contracts';
import { MetricFact, MetricIndex } from '@okr/metric-index';
import { IndexSnapshotStore } from './index-snapshot.store';
import { MemoryIndexSnapshotStore } from './memory-index-snapshot.store';
import { factOf } from './metric-fact.mapping';
import { MetricIndexFeed, MetricIndexFeedOptions } from './metric-index.feed';
import { MetricLedgerReader } from './metric-ledger.reader';

/** A data point at `position`, of a record of its own. */
function dataPoint(position: number): MetricDataPointMessage {
  const recordId = `r-${position}`;
  return {
    dataPointId: `crm:${recordId}:sales.calls@1`,
    metric: 'sales.calls',
    subject: { type: 'person', id: `p-${position % 3}` },
    operation: 'upsert',
    value: position,
    occurredAt: '2027-02-01T00:00:00.000Z',
    receivedAt: new Date(Date.UTC(2027, 1, 1) + position).toISOString(),
    source: { system: 'crm', recordId },
    sourceRecordKey: `crm:${recordId}:sales.calls`,
    recordVersion: 1,
    actor: 'integration:crm',
    correlationId: 'c',
    position,
  };
}
const dataPoints = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => dataPoint(from + i));

/** The ledger as an array, saying which positions it was asked to read after. */
class LedgerDouble implements MetricLedgerReader {
  readonly facts: MetricFact[] = [];
  readonly reads: number[] = [];
  failures = 0;

  append(messages: MetricDataPointMessage[]): MetricDataPointMessage[] {
    this.facts.push(...messages.map(factOf));
    return messages;
  }

  async readAfter(afterPosition: number, limit: number): Promise<MetricFact[]> {
    this.reads.push(afterPosition);
    if (this.failures > 0 && this.failures--) throw new Error('ledger unreachable');
    return this.facts.slice(afterPosition, afterPosition + limit);
  }

  async head(): Promise<number> {
    return this.facts.length;
  }
}

async function eventually(check: () => void, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
}
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the metric index feed', () => {
  const feeds: MetricIndexFeed[] = [];
  const feedOf = (options: MetricIndexFeedOptions<MetricIndex>) => {
    const feed = new MetricIndexFeed({ repairAfterMs: 60_000, headCheckEveryMs: 60_000, onWarning: () => undefined, ...options });
    feeds.push(feed);
    return feed;
  };
  afterEach(async () => {
    for (const feed of feeds.splice(0)) await feed.stop();
  });

  it('catches up from the ledger on start, page by page, to its head', async () => {
    const ledger = new LedgerDouble();
    ledger.append(dataPoints(1, 25));
    const feed = feedOf({ ledger, pageSize: 10 });
    await feed.start();
    expect([feed.index.size, feed.index.watermark]).toEqual([25, 25]);
    expect(ledger.reads).toEqual([0, 10, 20]);
  });

  it('takes facts from the bus in any order and more than once', async () => {
    const feed = feedOf({});
    await feed.start();
    feed.apply([dataPoint(3), dataPoint(1)]);
    feed.apply([dataPoint(2), dataPoint(1), dataPoint(3)]);
    expect([feed.index.size, feed.index.watermark, feed.index.highestPosition]).toEqual([3, 3, 3]);
  });

  it('reads from the ledger a position the bus has not brought for repairAfterMs, and no sooner', async () => {
    const ledger = new LedgerDouble();
    const feed = feedOf({ ledger, repairAfterMs: 300 });
    await feed.start();
    const [one, two, , four, five] = ledger.append(dataPoints(1, 5));
    feed.apply([one, two, four, five]); // the third is lost
    expect([feed.index.watermark, feed.index.highestPosition]).toEqual([2, 5]);

    await pause(50);
    expect(ledger.reads).toEqual([]);
    await eventually(() => expect(feed.index.watermark).toBe(5));
    expect(ledger.reads).toEqual([2]);
    expect(feed.index.size).toBe(5);
  });

  it('leaves the ledger alone when the bus fills a gap in time', async () => {
    const ledger = new LedgerDouble();
    const feed = feedOf({ ledger, repairAfterMs: 50 });
    await feed.start();
    const [one, two, three] = ledger.append(dataPoints(1, 3));
    feed.apply([one, three]);
    feed.apply([two]); // late, not lost
    await pause(120);
    expect(feed.index.watermark).toBe(3);
    expect(ledger.reads).toEqual([]);
  });

  it('leaves the ledger alone while facts stream in from several partitions, a gap always open but never the same one', async () => {
    const ledger = new LedgerDouble();
    const feed = feedOf({ ledger, repairAfterMs: 60 });
    await feed.start();
    const points = ledger.append(dataPoints(1, 40));
    // Two partitions, one a step behind the other: every position arrives, each within 60 ms, but some gap stays open for 150 ms.
    for (let step = 0; step < 10; step++) {
      feed.apply(points.slice(step * 4, step * 4 + 4).filter((point) => point.position % 2 === 0));
      if (step > 0) feed.apply(points.slice((step - 1) * 4, step * 4).filter((point) => point.position % 2 === 1));
      expect(feed.index.watermark).toBeLessThan(feed.index.highestPosition);
      await pause(15);
    }
    feed.apply(points.slice(36).filter((point) => point.position % 2 === 1));
    expect(feed.index.watermark).toBe(40);
    await pause(80);
    expect(ledger.reads).toEqual([]);
  });

  it('finds, by comparing with the ledger head, the newest facts the bus lost (no gap shows them)', async () => {
    const ledger = new LedgerDouble();
    const feed = feedOf({ ledger, headCheckEveryMs: 30 });
    await feed.start();
    feed.apply(ledger.append(dataPoints(1, 3)));
    ledger.append(dataPoints(4, 6)); // never published
    expect(feed.index.highestPosition).toBe(3);
    await eventually(() => expect(feed.index.watermark).toBe(6));
  });

  it('keeps repairing when the ledger cannot be read for a while, saying so', async () => {
    const ledger = new LedgerDouble();
    const warnings: string[] = [];
    const feed = feedOf({ ledger, repairAfterMs: 20, onWarning: (message) => warnings.push(message) });
    await feed.start();
    const [one, , three] = ledger.append(dataPoints(1, 3));
    ledger.failures = 2;
    feed.apply([one, three]);
    await eventually(() => expect(feed.index.watermark).toBe(3));
    expect(warnings).toEqual([expect.stringContaining('repairing from position 1 failed'), expect.stringContaining('repairing from position 1 failed')]);
  });

  describe('caughtUp', () => {
    it('resolves once every fact up to the ledger head at the call is held, from the bus', async () => {
      const ledger = new LedgerDouble();
      ledger.append(dataPoints(1, 3));
      const feed = feedOf({ ledger });
      await feed.start();
      const appended = ledger.append(dataPoints(4, 6));
      let done = false;
      const waiting = feed.caughtUp().then(() => (done = true));
      feed.apply(appended.slice(0, 2));
      await pause(10);
      expect(done).toBe(false);
      feed.apply(appended.slice(2));
      await waiting;
      expect(feed.index.watermark).toBe(6);
    });

    it('resolves from the ledger when the bus never brings what it waits for', async () => {
      const ledger = new LedgerDouble();
      const feed = feedOf({ ledger, repairAfterMs: 30 });
      await feed.start();
      ledger.append(dataPoints(1, 4));
      await feed.caughtUp(4);
      expect(feed.index.watermark).toBe(4);
    });

    it('without a ledger, waits for the bus to fill the gaps below the highest position it brought', async () => {
      const feed = feedOf({});
      await feed.start();
      feed.apply([dataPoint(1), dataPoint(3)]);
      let done = false;
      const waiting = feed.caughtUp().then(() => (done = true));
      await pause(10);
      expect(done).toBe(false);
      feed.apply([dataPoint(2)]);
      await waiting;
      await expect(feed.caughtUp()).resolves.toBeUndefined();
    });
  });

  describe('snapshots', () => {
    it('restarts from its snapshot, reading from the ledger only what follows it', async () => {
      const ledger = new LedgerDouble();
      const snapshots = new MemoryIndexSnapshotStore();
      ledger.append(dataPoints(1, 10));
      const first = feedOf({ ledger, snapshots });
      await first.start();
      await first.stop();
      ledger.append(dataPoints(11, 15));
      ledger.reads.length = 0;

      const second = feedOf({ ledger, snapshots });
      await second.start();
      expect(ledger.reads).toEqual([10]);
      expect([second.index.size, second.index.watermark]).toEqual([15, 15]);
      expect(second.index.read({ metric: 'sales.calls', scope: [{ subject: { type: 'person', id: 'p-1' }, from: -Infinity, to: Infinity }], window: { from: -Infinity, to: Infinity }, aggregation: 'sum', asOf: Infinity, upToPosition: Infinity })).toMatchObject({
        value: 1 + 4 + 7 + 10 + 13,
      });
    });

    it('ignores a snapshot it cannot read, says so, and catches up from the ledger', async () => {
      const ledger = new LedgerDouble();
      ledger.append(dataPoints(1, 4));
      const snapshots = new MemoryIndexSnapshotStore();
      await snapshots.save(Uint8Array.of(1, 2, 3));
      const warnings: string[] = [];
      const feed = feedOf({ ledger, snapshots, onWarning: (message) => warnings.push(message) });
      await feed.start();
      expect(warnings).toEqual([expect.stringContaining('the snapshot could not be restored')]);
      expect(feed.index.watermark).toBe(4);
    });

    it('saves after every snapshotEveryFacts new facts (duplicates do not count), and on stop', async () => {
      const saved: number[] = [];
      const snapshots: IndexSnapshotStore = { load: async () => null, save: async (bytes) => void saved.push(MetricIndex.fromSnapshot(bytes).size) };
      const feed = feedOf({ snapshots, snapshotEveryFacts: 3 });
      await feed.start();
      feed.apply(dataPoints(1, 2));
      feed.apply(dataPoints(1, 2));
      await pause(5);
      expect(saved).toEqual([]);
      feed.apply(dataPoints(3, 4));
      await eventually(() => expect(saved).toEqual([4]));
      feed.apply([dataPoint(5)]);
      await feed.stop();
      expect(saved).toEqual([4, 5]);
    });

    it('keeps the bus’s facts that arrive while the snapshot is being restored', async () => {
      const source = new MetricIndex();
      source.add(dataPoints(1, 2).map(factOf));
      let release!: () => void;
      const snapshots: IndexSnapshotStore = { load: () => new Promise((resolve) => (release = () => resolve(source.snapshot()))), save: async () => undefined };
      const feed = feedOf({ snapshots });
      const starting = feed.start();
      feed.apply([dataPoint(3)]);
      release();
      await starting;
      expect([feed.index.size, feed.index.watermark]).toEqual([3, 3]);
    });
  });

  describe('stop', () => {
    it('ends every timer: nothing reads the ledger afterwards, and a pending caughtUp is refused', async () => {
      const ledger = new LedgerDouble();
      const feed = feedOf({ ledger, repairAfterMs: 20, headCheckEveryMs: 20 });
      await feed.start();
      const [one, , three] = ledger.append(dataPoints(1, 3));
      feed.apply([one, three]);
      const refused = expect(feed.caughtUp(3)).rejects.toThrow('the metric index feed stopped');
      await feed.stop();
      await refused;
      const reads = ledger.reads.length;
      await pause(80);
      expect(ledger.reads).toHaveLength(reads);
    });

    it('never keeps the process alive: its timers are unref’d', async () => {
      const timers: NodeJS.Timeout[] = [];
      const realSetInterval = global.setInterval;
      const realSetTimeout = global.setTimeout;
      const capture = <F extends (...args: never[]) => NodeJS.Timeout>(real: F) => ((...args: Parameters<F>) => {
        const timer = real(...args);
        timers.push(timer);
        return timer;
      }) as unknown as F;
      global.setInterval = capture(realSetInterval) as typeof setInterval;
      global.setTimeout = capture(realSetTimeout) as typeof setTimeout;
      try {
        const ledger = new LedgerDouble();
        const feed = feedOf({ ledger, snapshots: new MemoryIndexSnapshotStore(), repairAfterMs: 10_000 });
        await feed.start();
        feed.apply([dataPoint(2)]); // a gap: the repair timer starts
        expect(timers.length).toBeGreaterThanOrEqual(3);
        expect(timers.filter((timer) => timer.hasRef())).toEqual([]);
      } finally {
        global.setInterval = realSetInterval;
        global.setTimeout = realSetTimeout;
      }
    });
  });
});
