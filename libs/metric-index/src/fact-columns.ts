import { Column, withRoom } from './column-growth';

/** `supersededAt` of a fact with no newer version held. */
export const NOT_SUPERSEDED = 0xffff_ffff;
/** Positions are kept as Uint32, beside NOT_SUPERSEDED. */
export const MAX_POSITION = 0xffff_fffe;

/** What a snapshot keeps of the facts, in position order; versions are linked again on restore. */
export interface FactsContents {
  position: Uint32Array;
  record: Int32Array;
  series: Int32Array;
  version: Uint32Array;
  retraction: Uint8Array;
  value: Float64Array;
  occurredAt: Float64Array;
  recordedAt: Float64Array;
}

/**
 * Every fact held, one typed array per field, indexed by fact id (the order of arrival): 53
 * bytes a fact and no object per fact. The versions of a record chain through `olderVersion`
 * (by position, newest first), and each version knows the position of the one that superseded it,
 * so a fact is visible at a cap P exactly when position ≤ P < supersededAt.
 */
export class FactColumns {
  count = 0;
  position: Uint32Array = new Uint32Array(1024);
  /** The position of the record's next newer version held; NOT_SUPERSEDED while none is. */
  supersededAt: Uint32Array = new Uint32Array(1024);
  /** The record's next older version held (fact id), -1 if none. */
  olderVersion: Int32Array = new Int32Array(1024);
  /** While a fact waits in its series to be placed (see MetricSeries.arrive): the one that arrived there before it. */
  earlierArrival: Int32Array = new Int32Array(1024);
  record: Int32Array = new Int32Array(1024);
  series: Int32Array = new Int32Array(1024);
  version: Uint32Array = new Uint32Array(1024);
  retraction: Uint8Array = new Uint8Array(1024);
  /** 0 for a retraction. */
  value: Float64Array = new Float64Array(1024);
  occurredAt: Float64Array = new Float64Array(1024);
  recordedAt: Float64Array = new Float64Array(1024);

  /** Appends a fact, not yet linked to its record's other versions; returns its id. */
  append(position: number, record: number, series: number, version: number, retraction: boolean, value: number, occurredAt: number, recordedAt: number): number {
    const fact = this.count++;
    if (fact === this.position.length) this.grow(fact + 1);
    this.position[fact] = position;
    this.supersededAt[fact] = NOT_SUPERSEDED;
    this.olderVersion[fact] = -1;
    this.record[fact] = record;
    this.series[fact] = series;
    this.version[fact] = version;
    this.retraction[fact] = retraction ? 1 : 0;
    this.value[fact] = retraction ? 0 : value;
    this.occurredAt[fact] = occurredAt;
    this.recordedAt[fact] = recordedAt;
    return fact;
  }

  /**
   * Places `fact` among its record's versions, given the record's newest one held (-1 for none).
   * Returns true when it is the newest now (the usual case); a version arriving after its
   * successor is only linked in, already superseded.
   */
  linkVersion(fact: number, newest: number): boolean {
    const position = this.position[fact];
    if (newest < 0 || this.position[newest] < position) {
      this.olderVersion[fact] = newest;
      if (newest >= 0) this.supersededAt[newest] = position;
      return true;
    }
    let newer = newest;
    while (this.olderVersion[newer] >= 0 && this.position[this.olderVersion[newer]] > position) newer = this.olderVersion[newer];
    const older = this.olderVersion[newer];
    this.olderVersion[newer] = fact;
    this.olderVersion[fact] = older;
    this.supersededAt[fact] = this.position[newer];
    if (older >= 0) this.supersededAt[older] = position;
    return false;
  }

  /** An upsert with no newer version held: it counts now. */
  isLiveUpsert(fact: number): boolean {
    return this.supersededAt[fact] === NOT_SUPERSEDED && this.retraction[fact] === 0;
  }

  /** The facts in the given order (of ids), as a snapshot keeps them. */
  contents(order: Int32Array): FactsContents {
    const ordered = <C extends Column>(column: C): C => {
      const copy = new (column.constructor as new (length: number) => C)(order.length);
      for (let i = 0; i < order.length; i++) copy[i] = column[order[i]];
      return copy;
    };
    return {
      position: ordered(this.position),
      record: ordered(this.record),
      series: ordered(this.series),
      version: ordered(this.version),
      retraction: ordered(this.retraction),
      value: ordered(this.value),
      occurredAt: ordered(this.occurredAt),
      recordedAt: ordered(this.recordedAt),
    };
  }

  /** Holds these facts (ids in their order), instead of any before, none linked to its other versions yet. */
  restore(contents: FactsContents): void {
    const count = contents.position.length;
    this.count = count;
    // Adopted as they are: the first fact appended after grows them.
    this.position = contents.position;
    this.record = contents.record;
    this.series = contents.series;
    this.version = contents.version;
    this.retraction = contents.retraction;
    this.value = contents.value;
    this.occurredAt = contents.occurredAt;
    this.recordedAt = contents.recordedAt;
    this.supersededAt = new Uint32Array(count).fill(NOT_SUPERSEDED);
    this.olderVersion = new Int32Array(count).fill(-1);
    this.earlierArrival = new Int32Array(count);
  }

  /** Comes first in (occurredAt, position) order: lineage's order, and `last`'s tie-break. */
  occursBefore(a: number, b: number): boolean {
    const at = this.occurredAt[a];
    const bt = this.occurredAt[b];
    return at < bt || (at === bt && this.position[a] < this.position[b]);
  }

  private grow(needed: number): void {
    this.position = withRoom(this.position, needed);
    this.supersededAt = withRoom(this.supersededAt, needed);
    this.olderVersion = withRoom(this.olderVersion, needed);
    this.earlierArrival = withRoom(this.earlierArrival, needed);
    this.record = withRoom(this.record, needed);
    this.series = withRoom(this.series, needed);
    this.version = withRoom(this.version, needed);
    this.retraction = withRoom(this.retraction, needed);
    this.value = withRoom(this.value, needed);
    this.occurredAt = withRoom(this.occurredAt, needed);
    this.recordedAt = withRoom(this.recordedAt, needed);
  }
}
