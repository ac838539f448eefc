const encoder = new TextEncoder();

/** A few names (source systems, metrics) by small ids, with their UTF-8 bytes. */
export class InternedNames {
  private readonly names: string[] = [];
  private readonly encoded: Uint8Array[] = [];
  private readonly ids = new Map<string, number>();
  /** The name asked last: facts mostly come from one system, about one metric. */
  private lastName = '';
  private lastId = -1;

  get all(): readonly string[] {
    return this.names;
  }

  idOf(name: string): number {
    if (name === this.lastName && this.lastId >= 0) return this.lastId;
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.push(name) - 1;
      this.encoded.push(encoder.encode(name));
      this.ids.set(name, id);
    }
    this.lastName = name;
    this.lastId = id;
    return id;
  }

  name(id: number): string {
    return this.names[id];
  }

  bytes(id: number): Uint8Array {
    return this.encoded[id];
  }
}
