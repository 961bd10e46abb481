/**
 * Nelder–Mead simplex minimiser for the few smoothing parameters of exponential-smoothing
 * models (1–4 dimensions, unconstrained: models map raw values through sigmoids). Deterministic;
 * stops on a tolerance or an evaluation budget, whichever comes first.
 */

export interface NelderMeadOptions {
  /** Maximum objective evaluations (default 60 × dimensions). */
  maxEvals?: number;
  /** Stop when the simplex's objective spread falls below this (default 1e-8, relative). */
  tolerance?: number;
  /** Initial step per dimension (default 0.5). */
  step?: number;
}

/**
 * Minimises `f` starting at `x0`.
 * @example nelderMead(([x = 0]) => (x - 3) ** 2, [0]).x // ≈ [3]
 */
export function nelderMead(
  f: (x: number[]) => number,
  x0: readonly number[],
  opts: NelderMeadOptions = {},
): { x: number[]; value: number; evals: number } {
  const d = x0.length;
  const maxEvals = opts.maxEvals ?? 60 * d;
  const tol = opts.tolerance ?? 1e-8;
  const step = opts.step ?? 0.5;
  let evals = 0;
  const evalAt = (x: number[]): number => {
    evals++;
    const v = f(x);
    return Number.isFinite(v) ? v : Number.MAX_VALUE;
  };
  const pts: { x: number[]; v: number }[] = [{ x: [...x0], v: evalAt([...x0]) }];
  for (let i = 0; i < d; i++) {
    const x = [...x0];
    x[i] = (x[i] as number) + step;
    pts.push({ x, v: evalAt(x) });
  }
  const at = (i: number) => pts[i] as { x: number[]; v: number };
  while (evals < maxEvals) {
    pts.sort((a, b) => a.v - b.v);
    const best = at(0);
    const worst = at(d);
    if (Math.abs(worst.v - best.v) <= tol * (Math.abs(best.v) + 1e-12)) break;
    const centroid = new Array<number>(d).fill(0);
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) centroid[j]! += at(i).x[j]! / d;
    const move = (t: number) => centroid.map((c, j) => c + t * (worst.x[j]! - c));
    const xr = move(-1);
    const vr = evalAt(xr);
    if (vr < best.v) {
      const xe = move(-2);
      const ve = evalAt(xe);
      pts[d] = ve < vr ? { x: xe, v: ve } : { x: xr, v: vr };
    } else if (vr < at(d - 1).v) {
      pts[d] = { x: xr, v: vr };
    } else {
      const xc = vr < worst.v ? move(-0.5) : move(0.5);
      const vc = evalAt(xc);
      if (vc < Math.min(vr, worst.v)) {
        pts[d] = { x: xc, v: vc };
      } else {
        for (let i = 1; i <= d; i++) {
          const x = at(i).x.map((v, j) => best.x[j]! + 0.5 * (v - best.x[j]!));
          pts[i] = { x, v: evalAt(x) };
        }
      }
    }
  }
  pts.sort((a, b) => a.v - b.v);
  return { x: at(0).x, value: at(0).v, evals };
}
