// Maps the feature hashes seen in training to weight rows. An open-addressing table over
// typed arrays: one or two probes per lookup, built in about a millisecond when a model
// loads, and no per-feature objects for the garbage collector.

/** hashing.ts never produces 0, so it can mark an empty slot. */
const EMPTY = 0;

export class FeatureIndex {
  private readonly slots: Uint32Array;
  private readonly rows: Int32Array;
  private readonly mask: number;

  /** `keys[row]` is the hash of the feature whose weights sit in `row`. Keys must be distinct and non-zero. */
  constructor(readonly keys: Uint32Array) {
    let capacity = 16;
    while (capacity < keys.length * 2) capacity *= 2;
    this.slots = new Uint32Array(capacity);
    this.rows = new Int32Array(capacity);
    this.mask = capacity - 1;
    keys.forEach((key, row) => {
      let slot = key & this.mask;
      while (this.slots[slot] !== EMPTY) slot = (slot + 1) & this.mask;
      this.slots[slot] = key;
      this.rows[slot] = row;
    });
  }

  /** The row of a feature hash, or -1 when training never kept that feature. */
  rowOf(key: number): number {
    let slot = key & this.mask;
    for (;;) {
      const found = this.slots[slot]!;
      if (found === key) return this.rows[slot]!;
      if (found === EMPTY) return -1;
      slot = (slot + 1) & this.mask;
    }
  }
}
