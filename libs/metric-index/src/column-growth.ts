/** The typed arrays the index keeps its columns in. */
export type Column = Float64Array | Uint32Array | Int32Array | Uint8Array;

/**
 * `column` itself when it holds `needed` entries, else a copy at least twice as long (so appends
 * cost O(1) amortized), its new entries set to `fill`.
 */
export function withRoom<C extends Column>(column: C, needed: number, fill = 0): C {
  if (needed <= column.length) return column;
  let length = Math.max(column.length * 2, 8);
  while (length < needed) length *= 2;
  const larger = new (column.constructor as new (length: number) => C)(length);
  larger.set(column as ArrayLike<number>);
  if (fill !== 0) larger.fill(fill, column.length);
  return larger;
}
