// Change points in a series of campaigns: E-divisive means (Matteson & James 2014, the method of
// Apache Otava, formerly Hunter), on the repetitions' logarithms, with its significance from a
// permutation test that moves whole sessions. Repetitions within a session are closer to each other
// than to another session's, so they are not exchangeable one by one: shuffling single repetitions
// would call session-to-session drift a change. A change can only fall between two campaigns. Pure.
import prand, { type RandomGenerator } from 'pure-rand';

/** One session of one campaign: its repetitions of the cell (already on the scale compared, e.g. log). */
export interface Block {
  /** the campaign's position in the series (0, 1, ...; blocks of one campaign share it) */
  campaign: number;
  values: readonly number[];
}

export interface ChangePoint {
  /** the first campaign after the change (its position in the series) */
  at: number;
  /** the permutation test's p-value of the split when it was found */
  p: number;
  /** the split's statistic: (n m / (n + m)) times the energy distance of the two sides */
  q: number;
}

export interface ChangePointOptions {
  /** a split is kept while its p-value is below this (default 0.05) */
  alpha?: number;
  /** permutations per test (default 199: p-values in steps of 0.005) */
  permutations?: number;
  seed?: number;
}

/**
 * The change points of a series of blocks (in campaign order), found one at a time: the split of
 * the largest statistic over every segment, tested by permuting the blocks within each segment; kept
 * while p < alpha, then the segments are split again. Returns them in series order.
 */
export function changePoints(blocks: readonly Block[], o: ChangePointOptions = {}): ChangePoint[] {
  const alpha = o.alpha ?? 0.05;
  const permutations = o.permutations ?? 199;
  const rng: RandomGenerator = prand.xoroshiro128plus((o.seed ?? 1) >>> 0);
  const d = pairSums(blocks);
  const sizes = blocks.map((b) => b.values.length);
  // a segment is a range of blocks [from, to); its candidate splits are the campaign boundaries inside it
  const found: ChangePoint[] = [];
  let segments: Array<[number, number]> = [[0, blocks.length]];
  for (;;) {
    const order = blocks.map((_, i) => i);
    const best = bestSplit(segments, order, blocks, d, sizes);
    if (!best) break;
    let asLarge = 0;
    for (let r = 0; r < permutations; r++) {
      const shuffled = [...order];
      for (const [from, to] of segments) shuffleRange(shuffled, from, to, rng);
      const q = bestSplit(segments, shuffled, blocks, d, sizes)?.q ?? 0;
      if (q >= best.q - 1e-12) asLarge++;
    }
    const p = (asLarge + 1) / (permutations + 1);
    if (p >= alpha) break;
    found.push({ at: blocks[best.split]!.campaign, p, q: best.q });
    segments = segments.flatMap(([from, to]): Array<[number, number]> =>
      best.split > from && best.split < to
        ? [
            [from, best.split],
            [best.split, to],
          ]
        : [[from, to]],
    );
  }
  return found.sort((a, b) => a.at - b.at);
}

/** Σ|x − y| over every pair of values of blocks i and j (i = j included): the sums every split's statistic is made of. */
function pairSums(blocks: readonly Block[]): Float64Array[] {
  return blocks.map((a) =>
    Float64Array.from(blocks, (b) => {
      let s = 0;
      for (const x of a.values) for (const y of b.values) s += Math.abs(x - y);
      return s;
    }),
  );
}

/**
 * The largest statistic over the segments' campaign boundaries, with the blocks in `order` (the
 * original order, or a permutation within segments). A boundary sits where the original series
 * changes campaign. As in E-divisive, the right side of a split at τ runs from τ to any later
 * boundary κ (or the segment's end), so that a change that later goes back is still found.
 */
function bestSplit(
  segments: ReadonlyArray<[number, number]>,
  order: readonly number[],
  blocks: readonly Block[],
  d: readonly Float64Array[],
  sizes: readonly number[],
): { split: number; q: number } | undefined {
  const n = order.length;
  // P[i][j]: the pair sums of the first i blocks (in `order`) with the first j; N[i]: their repetitions
  const P = Array.from({ length: n + 1 }, () => new Float64Array(n + 1));
  for (let i = 1; i <= n; i++)
    for (let j = 1; j <= n; j++) P[i]![j] = P[i - 1]![j]! + P[i]![j - 1]! - P[i - 1]![j - 1]! + d[order[i - 1]!]![order[j - 1]!]!;
  const N = new Float64Array(n + 1);
  for (let i = 1; i <= n; i++) N[i] = N[i - 1]! + sizes[order[i - 1]!]!;
  const sum = (a0: number, a1: number, b0: number, b1: number) => P[a1]![b1]! - P[a0]![b1]! - P[a1]![b0]! + P[a0]![b0]!;
  const boundary = (i: number) => blocks[i]!.campaign !== blocks[i - 1]!.campaign;
  let best: { split: number; q: number } | undefined;
  for (const [from, to] of segments)
    for (let split = from + 1; split < to; split++) {
      if (!boundary(split)) continue;
      for (let end = split + 1; end <= to; end++) {
        if (end < to && !boundary(end)) continue;
        const x = N[split]! - N[from]!;
        const y = N[end]! - N[split]!;
        if (!x || !y) continue;
        const energy =
          (2 * sum(from, split, split, end)) / (x * y) - sum(from, split, from, split) / (x * x) - sum(split, end, split, end) / (y * y);
        const q = ((x * y) / (x + y)) * energy;
        if (!best || q > best.q) best = { split, q };
      }
    }
  return best;
}

/** Fisher-Yates on xs[from, to), in place. */
function shuffleRange(xs: number[], from: number, to: number, rng: RandomGenerator): void {
  for (let i = to - 1; i > from; i--) {
    const j = prand.unsafeUniformIntDistribution(from, i, rng);
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
}
