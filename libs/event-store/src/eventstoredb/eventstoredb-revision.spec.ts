import { CurrentRevision, NO_STREAM } from '@eventstore/db-client';
import fc from 'fast-check';
import { expectedRevisionFor, firstRevisionAfter, versionAtRevision } from './eventstoredb-revision';

describe('stream versions and EventStoreDB revisions', () => {
  it('expects no stream at version 0 and the last event’s revision after that', () => {
    expect(expectedRevisionFor(0)).toBe(NO_STREAM);
    expect(expectedRevisionFor(1)).toBe(0n);
    expect(expectedRevisionFor(42)).toBe(41n);
  });

  it('reads the version back from the revision the server reports', () => {
    expect(versionAtRevision(NO_STREAM)).toBe(0);
    expect(versionAtRevision(0n)).toBe(1);
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 40 }), (version) => versionAtRevision(expectedRevisionFor(version) as CurrentRevision) === version));
  });

  it('starts reading after a version at the revision of the next event', () => {
    expect(firstRevisionAfter(0)).toBe(0n);
    expect(firstRevisionAfter(3)).toBe(3n);
  });

  it('refuses versions that are not whole numbers from 0', () => {
    for (const version of [-1, 1.5, Number.NaN]) {
      expect(() => expectedRevisionFor(version)).toThrow(`a stream version is a whole number from 0, got ${version}`);
      expect(() => firstRevisionAfter(version)).toThrow(RangeError);
    }
  });
});
