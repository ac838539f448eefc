import { Column } from './column-growth';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** Columns are written as their bytes in memory, so the format is little-endian, as every host Node runs on but s390x. */
function assertLittleEndianHost(): void {
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) throw new Error('metric index snapshots are little-endian: this host is big-endian');
}

/** Appends the parts of a snapshot: unsigned 32-bit integers, UTF-8 strings, whole typed arrays. */
export class SnapshotWriter {
  private bytes = new Uint8Array(1 << 16);
  private length = 0;

  constructor() {
    assertLittleEndianHost();
  }

  raw(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.bytes.set(bytes, this.length);
    this.length += bytes.length;
  }

  uint32(value: number): void {
    this.reserve(4);
    for (let shift = 0; shift < 32; shift += 8) this.bytes[this.length++] = (value >>> shift) & 0xff;
  }

  string(value: string): void {
    const bytes = encoder.encode(value);
    this.uint32(bytes.length);
    this.raw(bytes);
  }

  /** Its length, then its bytes. */
  column(column: Column): void {
    this.uint32(column.length);
    this.raw(new Uint8Array(column.buffer, column.byteOffset, column.byteLength));
  }

  finish(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }

  private reserve(more: number): void {
    if (this.length + more <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < this.length + more) size *= 2;
    const larger = new Uint8Array(size);
    larger.set(this.bytes.subarray(0, this.length));
    this.bytes = larger;
  }
}

/** Reads back what a SnapshotWriter wrote, refusing to read past the end. */
export class SnapshotReader {
  private offset = 0;
  private readonly bytes: Uint8Array;

  /**
   * `bytes` may be any Uint8Array, at any offset of its buffer: a Node Buffer too (fs gives them,
   * often as a slice of a shared pool). Its `slice` is a view, not a copy, so the bytes are read
   * through a plain Uint8Array over the same range, whose `slice` copies into a buffer of its own.
   */
  constructor(bytes: Uint8Array) {
    assertLittleEndianHost();
    this.bytes = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get atEnd(): boolean {
    return this.offset === this.bytes.length;
  }

  /** A copy: its own buffer (starting at 0, of exactly `length` bytes), aligned for any typed array. */
  raw(length: number): Uint8Array {
    if (this.offset + length > this.bytes.length) throw new Error('metric index snapshot is truncated');
    const bytes = this.bytes.slice(this.offset, this.offset + length);
    this.offset += length;
    return bytes;
  }

  uint32(): number {
    const bytes = this.raw(4);
    return (bytes[0] | (bytes[1] << 8) | (bytes[2] << 16) | (bytes[3] << 24)) >>> 0;
  }

  string(): string {
    return decoder.decode(this.raw(this.uint32()));
  }

  column<C extends Column>(type: { new (buffer: ArrayBuffer): C; BYTES_PER_ELEMENT: number }): C {
    return new type(this.raw(this.uint32() * type.BYTES_PER_ELEMENT).buffer as ArrayBuffer);
  }
}
