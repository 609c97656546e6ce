// Features are 32-bit hashes computed straight from character codes, so classifying a
// message allocates no n-gram strings; the model maps the hashes it was trained on to rows
// (feature-index.ts), and 32 bits make two distinct features sharing a hash very unlikely.

const FNV_PRIME = 16777619;

/** Starts a hash for one kind of feature: the same characters as a word and as a stem must not meet. */
export function seedFor(kind: string): number {
  return hashString(0x811c9dc5, kind);
}

/** FNV-1a over a string's char codes, continuing from `hash`. */
export function hashString(hash: number, text: string): number {
  let h = hash;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return h;
}

/** FNV-1a over one character code. */
export function hashChar(hash: number, code: number): number {
  return Math.imul(hash ^ code, FNV_PRIME);
}

/**
 * Murmur3's finaliser: spreads FNV's weak low bits, which the feature index uses as its slot.
 * Never returns 0, which marks an empty slot there.
 */
export function finish(hash: number): number {
  let h = hash;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0 || 1;
}
