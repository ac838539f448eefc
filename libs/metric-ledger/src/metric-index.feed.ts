import { MetricDataPointMessage } from '@okr/contracts';
import { MetricFact, MetricIndex } from '@okr/metric-index';
import { IndexSnapshotStore } from './index-snapshot.store';
import { factOf } from './metric-fact.mapping';
import { MetricLedgerReader } from './metric-ledger.reader';

/** What the feed needs of a metric index: libs/metric-index's MetricIndex has it (and is the default). */
export interface FeedableIndex {
  /** Adds the facts it does not hold yet, in any order; how many were new. */
  add(facts: readonly MetricFact[]): number;
  /** Every position up to here is held. */
  readonly watermark: number;
  /** The highest position held: above the watermark when a position below it is missing. */
  readonly highestPosition: number;
  snapshot(): Uint8Array;
}

/** The index class: an empty index, or one restored from its snapshot. */
export interface FeedableIndexClass<I extends FeedableIndex> {
  new (): I;
  fromSnapshot(bytes: Uint8Array): I;
}

export interface MetricIndexFeedOptions<I extends FeedableIndex> {
  /** The index class (default MetricIndex). */
  index?: FeedableIndexClass<I>;
  /** The ledger, to catch up on start and repair what the bus lost; without it the feed is the bus alone. */
  ledger?: MetricLedgerReader;
  /** Where the index's snapshot is kept; without it every start catches up from position 0. */
  snapshots?: IndexSnapshotStore;
  /** Facts per ledger read (default 10,000). */
  pageSize?: number;
  /** How long a missing position may stay missing before the ledger is read for it (default 2 s). */
  repairAfterMs?: number;
  /** How often the ledger's head is compared with what the index holds (default 5 s). */
  headCheckEveryMs?: number;
  /** A snapshot is saved after this many new facts (default 100,000)... */
  snapshotEveryFacts?: number;
  /** ...or this long after the last one when facts came since (default 60 s); and on stop(). */
  snapshotEveryMs?: number;
  /** An unreadable snapshot, a failed ledger read or snapshot save: the feed goes on and says so here. */
  onWarning?(message: string, error?: unknown): void;
}

interface Waiter {
  target: number;
  resolve(): void;
  reject(error: Error): void;
}

/**
 * Keeps a metric index complete: facts come from the bus (`apply`), and from the ledger by
 * position, on start (from the snapshot's watermark to the head) and whenever a position stays
 * missing, so no fact is lost whatever the bus drops, duplicates or reorders. Positions are dense,
 * so "every position up to the watermark is held" is checkable, and the ledger can fill any gap.
 */
export class MetricIndexFeed<I extends FeedableIndex = MetricIndex> {
  private current: I;
  private running = false;
  /** Facts the bus brought before start() restored the snapshot: added to the restored index. */
  private restoring?: MetricFact[] = [];
  /** While start() catches up, snapshots wait for its end (one, not one per snapshotEveryFacts). */
  private catchingUp = false;
  /**
   * The first position not held while a higher one is known (a gap below the highest, or a wanted
   * position not held yet), and since when that very position is missing: while facts stream in
   * from several partitions there is nearly always a gap somewhere, but the first one moves on.
   */
  private missing?: { position: number; since: number };
  private repairTimer?: NodeJS.Timeout;
  private headTimer?: NodeJS.Timeout;
  private snapshotTimer?: NodeJS.Timeout;
  /** The ledger read in progress: one at a time. */
  private reading: Promise<void> = Promise.resolve();
  private saving?: Promise<void>;
  private newSinceSnapshot = 0;
  private readonly waiters: Waiter[] = [];
  private readonly pageSize: number;
  private readonly repairAfterMs: number;
  private readonly snapshotEveryFacts: number;
  private readonly warn: (message: string, error?: unknown) => void;
  private readonly indexClass: FeedableIndexClass<I>;

  constructor(private readonly options: MetricIndexFeedOptions<I> = {}) {
    this.indexClass = options.index ?? (MetricIndex as unknown as FeedableIndexClass<I>);
    this.current = new this.indexClass();
    this.pageSize = options.pageSize ?? 10_000;
    this.repairAfterMs = options.repairAfterMs ?? 2_000;
    this.snapshotEveryFacts = options.snapshotEveryFacts ?? 100_000;
    this.warn = options.onWarning ?? ((message, error) => console.warn(`metric index feed: ${message}`, error ?? ''));
  }

  /** The index as it is now (replaced once, when start() restores a snapshot). */
  get index(): I {
    return this.current;
  }

  /** Restores the snapshot, if any, then catches up from the ledger to its head. */
  async start(): Promise<void> {
    if (this.running) throw new Error('the metric index feed is already started');
    this.running = true;
    const { ledger, snapshots } = this.options;
    try {
      await this.restore();
      if (ledger) {
        this.catchingUp = true;
        await this.readLedger(await ledger.head());
      }
    } catch (error) {
      this.running = false;
      throw error;
    } finally {
      this.catchingUp = false;
    }
    if (ledger) this.headTimer = setInterval(() => void this.checkHead(), this.options.headCheckEveryMs ?? 5_000).unref();
    if (snapshots) {
      this.snapshotTimer = setInterval(() => void (this.newSinceSnapshot > 0 && this.saveSnapshot()), this.options.snapshotEveryMs ?? 60_000).unref();
      if (this.newSinceSnapshot >= this.snapshotEveryFacts) void this.saveSnapshot();
    }
  }

  /** What the bus consumer calls with the messages of metrics.datapoints.v1: duplicates and any order are fine. */
  apply(messages: readonly MetricDataPointMessage[]): void {
    const facts = messages.map(factOf);
    if (this.restoring) this.restoring.push(...facts);
    else this.added(this.current.add(facts));
  }

  /**
   * Resolves once every fact up to `position` is held: by default the ledger's head at the call
   * (read-your-writes), or without a ledger the highest position the bus brought.
   */
  async caughtUp(position?: number): Promise<void> {
    const target = position ?? (this.options.ledger ? await this.options.ledger.head() : this.current.highestPosition);
    if (this.current.watermark >= target) return;
    if (!this.running) throw new Error('the metric index feed is not started');
    await new Promise<void>((resolve, reject) => {
      this.waiters.push({ target, resolve, reject });
      this.checkMissing();
    });
  }

  /** Stops the timers, lets a ledger read finish, and saves a snapshot if facts came since the last. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    clearTimeout(this.repairTimer);
    clearInterval(this.headTimer);
    clearInterval(this.snapshotTimer);
    for (const waiter of this.waiters.splice(0)) waiter.reject(new Error('the metric index feed stopped'));
    await this.reading.catch(() => undefined);
    await this.saving;
    if (this.options.snapshots && this.newSinceSnapshot > 0) await this.saveSnapshot();
  }

  private async restore(): Promise<void> {
    try {
      const bytes = await this.options.snapshots?.load();
      if (bytes) this.current = this.indexClass.fromSnapshot(bytes);
    } catch (error) {
      this.warn('the snapshot could not be restored: catching up from the ledger instead', error);
    } finally {
      const early = this.restoring ?? [];
      this.restoring = undefined;
      this.added(this.current.add(early));
    }
  }

  /** Reads the ledger from the watermark until `target` is held (or the ledger ends), after any read in progress. */
  private readLedger(target: number): Promise<void> {
    const ledger = this.options.ledger!;
    const read = this.reading.then(async () => {
      while (this.running && this.current.watermark < target) {
        const from = this.current.watermark;
        const facts = await ledger.readAfter(from, this.pageSize);
        if (facts.length === 0) return;
        this.added(this.current.add(facts));
        if (this.current.watermark <= from) {
          this.warn(`the ledger answered from position ${facts[0].position} when asked for what follows ${from}: its positions are not dense`);
          return;
        }
        if (facts.length < this.pageSize) return; // the ledger's end
      }
    });
    this.reading = read.catch(() => undefined);
    return read;
  }

  private added(count: number): void {
    if (count > 0) {
      this.newSinceSnapshot += count;
      if (this.options.snapshots && !this.catchingUp && this.newSinceSnapshot >= this.snapshotEveryFacts) void this.saveSnapshot();
    }
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      if (this.current.watermark >= this.waiters[i].target) this.waiters.splice(i, 1)[0].resolve();
    }
    this.checkMissing();
  }

  /** The highest position known to exist: held, or waited for. */
  private wanted(): number {
    return Math.max(this.current.highestPosition, ...this.waiters.map((waiter) => waiter.target));
  }

  /** Starts the repair clock when a position goes missing, and stops it when none is. */
  private checkMissing(): void {
    if (!this.options.ledger || !this.running) return;
    if (this.current.watermark >= this.wanted()) {
      this.missing = undefined;
      clearTimeout(this.repairTimer);
      this.repairTimer = undefined;
      return;
    }
    const first = this.current.watermark + 1;
    if (this.missing?.position !== first) this.missing = { position: first, since: Date.now() };
    if (!this.repairTimer) this.scheduleRepair(this.repairAfterMs);
  }

  private scheduleRepair(delayMs: number): void {
    this.repairTimer = setTimeout(() => void this.repair(), delayMs).unref();
  }

  /** The same position has been missing for repairAfterMs: the bus is not bringing it, the ledger will. */
  private async repair(): Promise<void> {
    this.repairTimer = undefined;
    if (!this.running || this.missing === undefined) return;
    const waited = Date.now() - this.missing.since;
    if (waited < this.repairAfterMs) return this.scheduleRepair(this.repairAfterMs - waited);
    try {
      await this.readLedger(this.wanted());
    } catch (error) {
      this.warn(`repairing from position ${this.current.watermark} failed; trying again in ${this.repairAfterMs} ms`, error);
    }
    if (this.running && this.current.watermark < this.wanted()) {
      this.missing = { position: this.current.watermark + 1, since: Date.now() };
      if (!this.repairTimer) this.scheduleRepair(this.repairAfterMs);
    }
  }

  /** Catches what no gap shows: the bus lost the newest facts, so nothing above them arrived either. */
  private async checkHead(): Promise<void> {
    try {
      const head = await this.options.ledger!.head();
      if (this.running && head > this.current.highestPosition) await this.readLedger(head);
    } catch (error) {
      this.warn('comparing with the ledger head failed', error);
    }
  }

  private saveSnapshot(): Promise<void> {
    if (this.saving) return this.saving;
    const bytes = this.current.snapshot();
    const counted = this.newSinceSnapshot;
    this.newSinceSnapshot = 0;
    this.saving = this.options
      .snapshots!.save(bytes)
      .catch((error) => {
        this.newSinceSnapshot += counted;
        this.warn('saving the snapshot failed', error);
      })
      .finally(() => (this.saving = undefined));
    return this.saving;
  }
}
