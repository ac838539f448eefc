import { FactsContents } from './fact-columns';
import { FactSubject } from './metric-fact';
import { SnapshotReader, SnapshotWriter } from './snapshot-bytes';
import { RecordsContents, RecordSource } from './source-records';

const MAGIC = 'OKR-MIDX';
/** Raise it with any change to the layout below, and keep reading the versions still in use. */
export const SNAPSHOT_VERSION = 1;

/** What a snapshot holds: the facts, and the names they refer to. The rest is rebuilt from them. */
export interface IndexContents {
  records: RecordsContents;
  series: Array<{ metric: string; subject: FactSubject }>;
  /** Every fact held, in position order (so linking them again links versions in order). */
  facts: FactsContents;
}

/**
 * Version 1, little-endian; a string is its UTF-8 length (u32) then its bytes; a column is its
 * length (u32) then its elements:
 * - "OKR-MIDX", u32 version;
 * - records: u32 count and each system; u32 count and each metric; columns start u32,
 *   bytes u8 (record r's are bytes[start[r], start[r + 1]): its record id, or its whole key when
 *   not `${system}:${recordId}:${metric}`), system i32, metric i32 (-1 for such a key);
 *   u32 count and each (u32 record, system, recordId) of those keys;
 * - series: u32 count and each (metric, u32 0 person | 1 unit, subject id);
 * - facts in position order: columns position u32, record i32, series i32, version u32,
 *   retraction u8, value f64, occurredAt f64, recordedAt f64.
 */
export function encodeIndexSnapshot({ records, series, facts }: IndexContents): Uint8Array {
  const writer = new SnapshotWriter();
  writer.raw(new TextEncoder().encode(MAGIC));
  writer.uint32(SNAPSHOT_VERSION);

  for (const names of [records.systems, records.metrics]) {
    writer.uint32(names.length);
    names.forEach((name) => writer.string(name));
  }
  writer.column(records.start);
  writer.column(records.bytes);
  writer.column(records.system);
  writer.column(records.metric);
  writer.uint32(records.irregularSources.length);
  for (const [record, source] of records.irregularSources) {
    writer.uint32(record);
    writer.string(source.system);
    writer.string(source.recordId);
  }

  writer.uint32(series.length);
  for (const { metric, subject } of series) {
    writer.string(metric);
    writer.uint32(subject.type === 'person' ? 0 : 1);
    writer.string(subject.id);
  }

  for (const column of [facts.position, facts.record, facts.series, facts.version, facts.retraction, facts.value, facts.occurredAt, facts.recordedAt]) writer.column(column);
  return writer.finish();
}

export function decodeIndexSnapshot(bytes: Uint8Array): IndexContents {
  const reader = new SnapshotReader(bytes);
  if (bytes.length < MAGIC.length + 4 || new TextDecoder().decode(reader.raw(MAGIC.length)) !== MAGIC) throw new Error('not a metric index snapshot (no OKR-MIDX header)');
  const version = reader.uint32();
  if (version !== SNAPSHOT_VERSION) throw new Error(`metric index snapshot version ${version} is not supported: this build reads version ${SNAPSHOT_VERSION}`);

  const names = () => Array.from({ length: reader.uint32() }, () => reader.string());
  const records: RecordsContents = {
    systems: names(),
    metrics: names(),
    start: reader.column(Uint32Array),
    bytes: reader.column(Uint8Array),
    system: reader.column(Int32Array),
    metric: reader.column(Int32Array),
    irregularSources: Array.from({ length: reader.uint32() }, (): [number, RecordSource] => [reader.uint32(), { system: reader.string(), recordId: reader.string() }]),
  };

  const series = Array.from({ length: reader.uint32() }, () => {
    const metric = reader.string();
    const type: FactSubject['type'] = reader.uint32() === 0 ? 'person' : 'unit';
    return { metric, subject: { type, id: reader.string() } };
  });

  const facts = {
    position: reader.column(Uint32Array),
    record: reader.column(Int32Array),
    series: reader.column(Int32Array),
    version: reader.column(Uint32Array),
    retraction: reader.column(Uint8Array),
    value: reader.column(Float64Array),
    occurredAt: reader.column(Float64Array),
    recordedAt: reader.column(Float64Array),
  };
  assertConsistent(reader, records, series.length, facts);
  return { records, series, facts };
}

/** Cheap checks that the parts fit together, so that a damaged snapshot is refused rather than half read. */
function assertConsistent(reader: SnapshotReader, records: RecordsContents, seriesCount: number, facts: IndexContents['facts']): void {
  const corrupt = (what: string) => new Error(`metric index snapshot is corrupt: ${what}`);
  if (!reader.atEnd) throw corrupt('bytes after the facts');
  const recordCount = records.system.length;
  if (records.start.length !== recordCount + 1 || records.metric.length !== recordCount || records.start[0] !== 0 || records.start[recordCount] !== records.bytes.length) throw corrupt('record columns of different lengths');
  const irregular = new Set(records.irregularSources.map(([record]) => record));
  for (let r = 0; r < recordCount; r++) {
    const named = records.system[r] >= 0 && records.system[r] < records.systems.length && records.metric[r] >= 0 && records.metric[r] < records.metrics.length;
    const kept = records.system[r] === -1 && records.metric[r] === -1 && irregular.has(r);
    if (records.start[r] > records.start[r + 1] || !(named || kept)) throw corrupt(`record ${r}`);
  }
  const count = facts.position.length;
  for (const column of Object.values(facts)) if (column.length !== count) throw corrupt('fact columns of different lengths');
  for (let i = 0; i < count; i++) {
    if (facts.position[i] < 1 || (i > 0 && facts.position[i] <= facts.position[i - 1])) throw corrupt('positions out of order');
    if (facts.record[i] < 0 || facts.record[i] >= recordCount || facts.series[i] < 0 || facts.series[i] >= seriesCount) throw corrupt(`the fact at position ${facts.position[i]}`);
  }
}
