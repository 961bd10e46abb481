/**
 * A small deterministic random source (Park–Miller) with Gaussian draws, for simulated series in
 * tests and benchmarks. Not cryptographic; the same seed always gives the same sequence.
 */

export interface SeededRandom {
  /** Uniform in (0, 1). */
  uniform(): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
}

/** @example seededRandom(42).normal() // same value on every run */
export function seededRandom(seed: number): SeededRandom {
  let s = Math.max(1, Math.floor(Math.abs(seed)) % 2147483647);
  const uniform = () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
  return {
    uniform,
    normal: () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform()),
  };
}
