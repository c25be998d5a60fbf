import type { AdapterDescription } from './context';

/**
 * Per-adapter cache of measured kernel-variant choices, and the measuring loop that fills it. Knows nothing
 * of any kernel: callers pass the variants as functions that run one timed trial and return milliseconds.
 * The cache is localStorage where it exists (a page remembers its tune across reloads) and a Map otherwise
 * (Node, workers).
 */
const STORAGE_PREFIX = 'autocode.tune.';
const memoryCache = new Map<string, string>();

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // access can throw (opaque origins, disabled storage)
  }
}

/** One string per adapter model: the same GPU on another machine shares its tune, another GPU does not. */
export function adapterKey(adapter: AdapterDescription): string {
  return [adapter.vendor, adapter.architecture, adapter.device, adapter.description, adapter.isFallback ? 'fallback' : 'hw'].join('|');
}

function cacheKey(adapter: AdapterDescription, kernel: string): string {
  return `${STORAGE_PREFIX}${kernel}.${adapterKey(adapter)}`;
}

export function cachedChoice(adapter: AdapterDescription, kernel: string): string | undefined {
  const key = cacheKey(adapter, kernel);
  return storage()?.getItem(key) ?? memoryCache.get(key);
}

export function storeChoice(adapter: AdapterDescription, kernel: string, variant: string): void {
  const key = cacheKey(adapter, kernel);
  memoryCache.set(key, variant);
  try {
    storage()?.setItem(key, variant);
  } catch {
    // a full or disabled localStorage only costs a re-tune on the next load
  }
}

export function forgetChoice(adapter: AdapterDescription, kernel: string): void {
  const key = cacheKey(adapter, kernel);
  memoryCache.delete(key);
  storage()?.removeItem(key);
}

export interface TuneResult {
  variant: string;
  /** Best (lowest) measured milliseconds per variant. */
  msByVariant: Record<string, number>;
  /** True when the choice came from the cache and nothing was measured. */
  cached: boolean;
}

export interface TuneOptions {
  /** Trials per variant; the best one counts (the first also pays for pipeline compilation, so run a warm-up). */
  trials?: number;
  /** Measure again even when a choice is cached. */
  force?: boolean;
}

/**
 * Picks the fastest variant by measurement and caches it for this adapter. `measure(variant)` runs the
 * variant once on representative work and resolves to its duration in milliseconds.
 */
export async function tuneVariants(
  adapter: AdapterDescription,
  kernel: string,
  variants: readonly string[],
  measure: (variant: string) => Promise<number>,
  options: TuneOptions = {},
): Promise<TuneResult> {
  if (variants.length === 0) throw new RangeError(`tune "${kernel}": no variants given`);
  const cached = cachedChoice(adapter, kernel);
  if (!options.force && cached !== undefined && variants.includes(cached)) return { variant: cached, msByVariant: {}, cached: true };
  const trials = Math.max(1, options.trials ?? 2);
  const msByVariant: Record<string, number> = {};
  for (const variant of variants) {
    await measure(variant); // warm-up: pipeline compilation and first-touch allocation
    let best = Infinity;
    for (let trial = 0; trial < trials; trial++) best = Math.min(best, await measure(variant));
    msByVariant[variant] = best;
  }
  const variant = variants.reduce((fastest, v) => (msByVariant[v] < msByVariant[fastest] ? v : fastest));
  storeChoice(adapter, kernel, variant);
  return { variant, msByVariant, cached: false };
}
