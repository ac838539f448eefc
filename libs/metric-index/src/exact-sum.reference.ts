/**
 * The exact sum of doubles by the plainest means, for specs: every double is an integer times a
 * power of two, so the sum is an integer (a BigInt) at the smallest of those powers, rounded once to
 * the nearest double, ties to even. For results in the normal range of doubles.
 */
export function referenceExactSum(values: readonly number[]): number {
  const parts = values.map(integerTimesPowerOfTwo);
  if (parts.length === 0) return 0;
  const exponent = Math.min(...parts.map((part) => part.exponent));
  const total = parts.reduce((sum, part) => sum + (part.integer << BigInt(part.exponent - exponent)), 0n);
  return nearestDouble(total, exponent);
}

/** value = integer × 2^exponent. */
function integerTimesPowerOfTwo(value: number): { integer: bigint; exponent: number } {
  const bits = new DataView(new Float64Array([value]).buffer).getBigUint64(0, true);
  const negative = bits >> 63n === 1n;
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  const integer = biased === 0 ? fraction : fraction | (1n << 52n);
  return { integer: negative ? -integer : integer, exponent: (biased === 0 ? 1 : biased) - 1075 };
}

/** total × 2^exponent, rounded to 53 significant bits, ties to even. */
function nearestDouble(total: bigint, exponent: number): number {
  if (total === 0n) return 0;
  const negative = total < 0n;
  let magnitude = negative ? -total : total;
  const surplus = magnitude.toString(2).length - 53;
  if (surplus > 0) {
    const kept = magnitude >> BigInt(surplus);
    const rest = magnitude - (kept << BigInt(surplus));
    const half = 1n << BigInt(surplus - 1);
    magnitude = rest > half || (rest === half && (kept & 1n) === 1n) ? kept + 1n : kept;
    exponent += surplus;
  }
  // Scaling by a power of two is exact in the normal range; two steps keep each factor finite.
  const result = Number(magnitude) * 2 ** Math.trunc(exponent / 2) * 2 ** (exponent - Math.trunc(exponent / 2));
  return negative ? -result : result;
}
