import { withRoom } from './column-growth';
import { InternedNames } from './interned-names';

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const COLON = 58;
/** The system and metric of a record whose key is kept whole. */
const IRREGULAR = -1;

/** The source of a record, as its first version gave it. */
export interface RecordSource {
  system: string;
  recordId: string;
}

/** What a snapshot keeps of the records; the table that finds them is rebuilt. */
export interface RecordsContents {
  systems: readonly string[];
  metrics: readonly string[];
  /** Record r's bytes are bytes[start[r], start[r + 1]): its record id in UTF-8, or its whole key if irregular. */
  start: Uint32Array;
  bytes: Uint8Array;
  /** Ids among systems and metrics; -1 for a key not of the form `${system}:${recordId}:${metric}`. */
  system: Int32Array;
  metric: Int32Array;
  irregularSources: Array<[record: number, source: RecordSource]>;
}

/**
 * The source records facts are versions of, by `sourceRecordKey`, each with the newest of its
 * versions held. Keys would be most of the index's memory, so a key of the usual form,
 * `${system}:${recordId}:${metric}`, is kept as its interned system and metric and its record id's
 * UTF-8 bytes in one growing array: no string, no object per record. Any other key is kept whole,
 * its source aside. An open-addressing table of (hash of the key, record) pairs finds them.
 */
export class SourceRecords {
  count = 0;
  /** The fact id of each record's newest version held (by position). */
  newest = new Int32Array(1024);
  private bytes: Uint8Array = new Uint8Array(1 << 16);
  private start: Uint32Array = new Uint32Array(1025);
  private system: Int32Array = new Int32Array(1024);
  private metric: Int32Array = new Int32Array(1024);
  /** Pairs (hash, record + 1); 0 in the second is a free slot. At most half full. */
  private slots = new Int32Array(4 * 1024);
  private readonly systems = new InternedNames();
  private readonly metrics = new InternedNames();
  private readonly irregularSources = new Map<number, RecordSource>();
  /** The key being looked up, in UTF-8. */
  private scratch = new Uint8Array(256);
  private scratchLength = 0;

  /** The record with this key; a new one, of this source and metric, if the key is new. */
  idOf(key: string, source: RecordSource, metric: string): number {
    if (this.count + 1 > this.slots.length / 4) this.rehash(2 * this.slots.length);
    const hash = this.encode(key);
    const mask = this.slots.length / 2 - 1;
    let slot = hash & mask;
    for (;;) {
      const held = this.slots[2 * slot + 1] - 1;
      if (held < 0) break;
      if (this.slots[2 * slot] === hash && this.keyIsScratch(held)) return held;
      slot = (slot + 1) & mask;
    }
    const record = this.create(source, metric);
    this.slots[2 * slot] = hash;
    this.slots[2 * slot + 1] = record + 1;
    return record;
  }

  keyOf(record: number): string {
    const own = this.ownText(record);
    if (this.system[record] === IRREGULAR) return own;
    return `${this.systems.name(this.system[record])}:${own}:${this.metrics.name(this.metric[record])}`;
  }

  sourceOf(record: number): RecordSource {
    const irregular = this.irregularSources.get(record);
    if (irregular) return { ...irregular };
    return { system: this.systems.name(this.system[record]), recordId: this.ownText(record) };
  }

  contents(): RecordsContents {
    return {
      systems: [...this.systems.all],
      metrics: [...this.metrics.all],
      start: this.start.slice(0, this.count + 1),
      bytes: this.bytes.slice(0, this.start[this.count]),
      system: this.system.slice(0, this.count),
      metric: this.metric.slice(0, this.count),
      irregularSources: [...this.irregularSources],
    };
  }

  static restore(contents: RecordsContents): SourceRecords {
    const records = new SourceRecords();
    const count = contents.system.length;
    contents.systems.forEach((system) => records.systems.idOf(system));
    contents.metrics.forEach((metric) => records.metrics.idOf(metric));
    records.count = count;
    // Adopted as they are: the first record added after grows them.
    records.start = contents.start;
    records.bytes = contents.bytes;
    records.system = contents.system;
    records.metric = contents.metric;
    records.newest = new Int32Array(count).fill(-1);
    for (const [record, source] of contents.irregularSources) records.irregularSources.set(record, source);
    let length = records.slots.length;
    while (count + 1 > length / 4) length *= 2;
    records.slots = new Int32Array(length);
    for (let record = 0; record < count; record++) records.place(records.hashOf(record), record);
    return records;
  }

  private create(source: RecordSource, metric: string): number {
    const record = this.count++;
    if (record + 2 > this.start.length) this.start = withRoom(this.start, record + 2);
    if (record >= this.system.length) {
      this.system = withRoom(this.system, record + 1);
      this.metric = withRoom(this.metric, record + 1);
    }
    if (record >= this.newest.length) this.newest = withRoom(this.newest, record + 1);
    this.newest[record] = -1;

    const system = this.systems.idOf(source.system);
    const metricId = this.metrics.idOf(metric);
    const systemBytes = this.systems.bytes(system);
    const metricBytes = this.metrics.bytes(metricId);
    const idFrom = systemBytes.length + 1;
    const idTo = this.scratchLength - metricBytes.length - 1;
    const regular =
      idFrom <= idTo &&
      this.scratch[idFrom - 1] === COLON &&
      this.scratch[idTo] === COLON &&
      this.scratchHas(systemBytes, 0, systemBytes.length, 0) &&
      this.scratchHas(metricBytes, 0, metricBytes.length, idTo + 1) &&
      sameText(this.scratch, idFrom, idTo, source.recordId);
    const from = regular ? idFrom : 0;
    const to = regular ? idTo : this.scratchLength;

    const at = this.start[record];
    this.bytes = withRoom(this.bytes, at + to - from);
    for (let i = from; i < to; i++) this.bytes[at + i - from] = this.scratch[i];
    this.start[record + 1] = at + to - from;
    this.system[record] = regular ? system : IRREGULAR;
    this.metric[record] = regular ? metricId : IRREGULAR;
    if (!regular) this.irregularSources.set(record, { system: source.system, recordId: source.recordId });
    return record;
  }

  /** Encodes `key` into the scratch bytes (a plain loop for ASCII, the usual case) and hashes them. */
  private encode(key: string): number {
    if (this.scratch.length < 3 * key.length) this.scratch = new Uint8Array(3 * key.length);
    const scratch = this.scratch;
    let length = 0;
    for (; length < key.length; length++) {
      const code = key.charCodeAt(length);
      if (code >= 0x80) break;
      scratch[length] = code;
    }
    if (length < key.length) {
      length = encoder.encodeInto(key, scratch).written;
      // TextEncoder replaces lone surrogates: two different keys would share one record.
      if (decoder.decode(scratch.subarray(0, length)) !== key) throw new RangeError(`a sourceRecordKey must be well-formed Unicode, got ${JSON.stringify(key)}`);
    }
    this.scratchLength = length;
    return murmur3(scratch, length);
  }

  /** The hash of a held record's key: its parts put together in scratch, hashed as encode hashes. */
  private hashOf(record: number): number {
    const from = this.start[record];
    const to = this.start[record + 1];
    if (this.system[record] === IRREGULAR) return murmur3(this.bytes.subarray(from, to), to - from);
    const systemBytes = this.systems.bytes(this.system[record]);
    const metricBytes = this.metrics.bytes(this.metric[record]);
    const length = systemBytes.length + to - from + metricBytes.length + 2;
    if (this.scratch.length < length) this.scratch = new Uint8Array(2 * length);
    const scratch = this.scratch;
    scratch.set(systemBytes);
    scratch[systemBytes.length] = COLON;
    scratch.set(this.bytes.subarray(from, to), systemBytes.length + 1);
    scratch[length - metricBytes.length - 1] = COLON;
    scratch.set(metricBytes, length - metricBytes.length);
    return murmur3(scratch, length);
  }

  /** Whether the key in scratch is record's. */
  private keyIsScratch(record: number): boolean {
    const from = this.start[record];
    const to = this.start[record + 1];
    if (this.system[record] === IRREGULAR) return to - from === this.scratchLength && this.scratchHas(this.bytes, from, to, 0);
    const systemBytes = this.systems.bytes(this.system[record]);
    const metricBytes = this.metrics.bytes(this.metric[record]);
    const idAt = systemBytes.length + 1;
    const metricAt = idAt + to - from + 1;
    return (
      metricAt + metricBytes.length === this.scratchLength &&
      this.scratchHas(this.bytes, from, to, idAt) &&
      this.scratch[idAt - 1] === COLON &&
      this.scratch[metricAt - 1] === COLON &&
      this.scratchHas(systemBytes, 0, systemBytes.length, 0) &&
      this.scratchHas(metricBytes, 0, metricBytes.length, metricAt)
    );
  }

  /** Whether scratch[at, at + to - from) is bytes[from, to). */
  private scratchHas(bytes: Uint8Array, from: number, to: number, at: number): boolean {
    const scratch = this.scratch;
    for (let i = from; i < to; i++) if (scratch[at + i - from] !== bytes[i]) return false;
    return true;
  }

  /** The record id, or the whole key of an irregular record. */
  private ownText(record: number): string {
    return decoder.decode(this.bytes.subarray(this.start[record], this.start[record + 1]));
  }

  /** Doubles the table, placing again what it holds. */
  private rehash(length: number): void {
    const old = this.slots;
    this.slots = new Int32Array(length);
    for (let slot = 0; slot < old.length; slot += 2) if (old[slot + 1] !== 0) this.place(old[slot], old[slot + 1] - 1);
  }

  private place(hash: number, record: number): void {
    const mask = this.slots.length / 2 - 1;
    let slot = hash & mask;
    while (this.slots[2 * slot + 1] !== 0) slot = (slot + 1) & mask;
    this.slots[2 * slot] = hash;
    this.slots[2 * slot + 1] = record + 1;
  }
}

/** Whether bytes[from, to) are the UTF-8 of `text`: compared code by code while ASCII, decoded beyond. */
function sameText(bytes: Uint8Array, from: number, to: number, text: string): boolean {
  if (to - from === text.length) {
    let i = 0;
    for (; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code >= 0x80) break;
      if (bytes[from + i] !== code) return false;
    }
    if (i === text.length) return true;
  }
  return decoder.decode(bytes.subarray(from, to)) === text;
}

/** MurmurHash3 (x86, 32 bits) of bytes[0, length): four bytes a step. */
function murmur3(bytes: Uint8Array, length: number): number {
  let hash = 0x9747b28c;
  const whole = length & ~3;
  for (let i = 0; i < whole; i += 4) {
    hash ^= scramble(bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24));
    hash = (hash << 13) | (hash >>> 19);
    hash = (Math.imul(hash, 5) + 0xe6546b64) | 0;
  }
  let tail = 0;
  for (let i = length - 1; i >= whole; i--) tail = (tail << 8) | bytes[i];
  if (length > whole) hash ^= scramble(tail);
  hash ^= length;
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  return hash ^ (hash >>> 16);
}

function scramble(word: number): number {
  word = Math.imul(word, 0xcc9e2d51);
  word = (word << 15) | (word >>> 17);
  return Math.imul(word, 0x1b873593);
}
