import { START } from '@eventstore/db-client';
import fc from 'fast-check';
import { globalPositionOf, readPositionOf } from './eventstoredb-position';

describe('global positions and EventStoreDB positions', () => {
  it('uses the commit position in $all as the global position', () => {
    expect(globalPositionOf({ commit: 1_234_567n, prepare: 1_234_567n })).toBe(1_234_567);
  });

  it('reads from the start for position 0 and from the event itself otherwise', () => {
    expect(readPositionOf(0)).toBe(START);
    expect(readPositionOf(1_234_567)).toEqual({ commit: 1_234_567n, prepare: 1_234_567n });
    fc.assert(fc.property(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), (position) => globalPositionOf(readPositionOf(position) as never) === position));
  });

  it('refuses a commit position a JS number cannot hold exactly, rather than rounding it', () => {
    const beyond = BigInt(Number.MAX_SAFE_INTEGER) + 1n;
    expect(globalPositionOf({ commit: beyond - 1n, prepare: beyond - 1n })).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => globalPositionOf({ commit: beyond, prepare: beyond })).toThrow(`EventStoreDB commit position ${beyond} exceeds 2^53 - 1`);
  });

  it('says which server version is needed when an event comes without its position', () => {
    const needs = 'EventStoreDB did not report the event position in $all: the EventStoreDB adapter needs server 22.6 or later';
    expect(() => globalPositionOf(undefined)).toThrow(needs);
    expect(() => globalPositionOf({ commit: 2n ** 64n - 1n, prepare: 2n ** 64n - 1n })).toThrow(needs);
  });

  it('refuses negative and fractional positions', () => {
    expect(() => readPositionOf(-1)).toThrow('a global position is a whole number from 0, got -1');
    expect(() => readPositionOf(0.5)).toThrow(RangeError);
  });
});
