/**
 * A small seeded PRNG for the network generator: mulberry32 (a well-known 32-bit
 * generator, plenty for test data) seeded from a string by cyrb53. Ten lines do not
 * justify a dependency; what matters is that the same seed gives the same sequence on
 * every machine and Node version, which plain integer arithmetic guarantees.
 */

/** cyrb53: a fast 53-bit string hash, used only to turn "seed:section" into a PRNG state. */
function cyrb53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

export class Random {
  private state: number;

  /** One stream per (seed, section), so that sections never shift each other's numbers. */
  constructor(seed: string | number, section = '') {
    this.state = cyrb53(`${seed}:${section}`) >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** An integer in [min, max]. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /**
   * A Pareto-distributed count, rounded and clamped: most values near `min`, a long tail
   * up to `max`. The mean before clamping is alpha·min/(alpha−1).
   */
  pareto(min: number, alpha: number, max: number): number {
    const u = 1 - this.next();
    return Math.max(1, Math.min(max, Math.round(min / Math.pow(u, 1 / alpha))));
  }
}

/**
 * Draws indices 0..n−1 with Zipf weights 1/(rank+1)^s: index 0 is the most popular.
 * Built once (a cumulative table) and sampled by binary search, so a draw is O(log n).
 */
export class ZipfSampler {
  private readonly cumulative: Float64Array;

  constructor(
    readonly n: number,
    exponent: number,
  ) {
    this.cumulative = new Float64Array(n);
    let total = 0;
    for (let i = 0; i < n; i += 1) {
      total += 1 / Math.pow(i + 1, exponent);
      this.cumulative[i] = total;
    }
  }

  draw(random: Random): number {
    const target = random.next() * this.cumulative[this.n - 1];
    let lo = 0;
    let hi = this.n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid] < target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** `k` distinct indices (fewer if n is smaller), popular ones more likely. */
  distinct(random: Random, k: number): number[] {
    const want = Math.min(k, this.n);
    const out = new Set<number>();
    // Rejection works while k is small against n; a uniform fill keeps it bounded otherwise.
    for (let tries = 0; out.size < want && tries < want * 20; tries += 1)
      out.add(this.draw(random));
    for (let i = 0; out.size < want; i += 1) out.add((random.int(this.n) + i) % this.n);
    return [...out];
  }
}
