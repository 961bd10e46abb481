import assert from 'node:assert/strict';
import { test } from 'node:test';
import { autoEts, fitEts, forecastEts, multiStepCriterion } from './ets.ts';
import { Z80, Z95 } from './intervals.ts';
import { seededRandom } from './seeded-random.ts';

test('SES on a constant series forecasts that constant with a near-zero band', () => {
  const fit = fitEts(new Array(30).fill(42), { trend: 'N', seasonal: false, m: 1 })!;
  const f = forecastEts(fit, 5);
  f.mean.forEach((v) => assert.ok(Math.abs(v - 42) < 1e-6));
  f.sigma.forEach((s) => assert.ok(s < 1e-6));
});

test('Holt on a straight line continues the line', () => {
  const xs = Array.from({ length: 30 }, (_, t) => 10 + 2 * t);
  const f = forecastEts(fitEts(xs, { trend: 'A', seasonal: false, m: 1 })!, 4);
  f.mean.forEach((v, i) => assert.ok(Math.abs(v - (10 + 2 * (30 + i))) < 0.01, `${i}: ${v}`));
});

test('a damped trend flattens out while Holt keeps climbing', () => {
  const rng = seededRandom(11);
  const xs = Array.from({ length: 60 }, (_, t) => 100 + 1.5 * t + 4 * rng.normal());
  const holt = forecastEts(fitEts(xs, { trend: 'A', seasonal: false, m: 1 })!, 60);
  const damped = forecastEts(fitEts(xs, { trend: 'Ad', seasonal: false, m: 1 })!, 60);
  assert.ok(damped.mean[59]! < holt.mean[59]!);
  const lastStepDamped = damped.mean[59]! - damped.mean[58]!;
  assert.ok(lastStepDamped < 1.5 * 0.98 ** 10, `damped step ${lastStepDamped}`);
});

test('prediction intervals widen with the horizon', () => {
  const rng = seededRandom(5);
  const xs = Array.from({ length: 80 }, (_, t) => 50 + 0.2 * t + rng.normal());
  const f = autoEts(xs, { m: 1, horizon: 12 });
  for (let i = 1; i < 12; i++) assert.ok(f.sigma[i]! >= f.sigma[i - 1]!);
  assert.ok(f.sigma[11]! > f.sigma[0]!);
});

test('AutoETS picks an additive-seasonal model for a strongly seasonal series', () => {
  const rng = seededRandom(9);
  const xs = Array.from(
    { length: 120 },
    (_, t) => 200 + 30 * Math.sin((2 * Math.PI * t) / 12) + rng.normal(),
  );
  const f = autoEts(xs, { m: 12, horizon: 12 });
  assert.match(f.model, /,A\)$/);
  const err = f.mean.map((v, i) =>
    Math.abs(v - (200 + 30 * Math.sin((2 * Math.PI * (120 + i)) / 12))),
  );
  assert.ok(Math.max(...err) < 4, `max error ${Math.max(...err)}`);
});

test('intervals cover close to their nominal rates on simulated local-level series', () => {
  const rng = seededRandom(2024);
  let in80 = 0;
  let in95 = 0;
  let total = 0;
  for (let s = 0; s < 150; s++) {
    let level = 100;
    const xs: number[] = [];
    for (let t = 0; t < 72; t++) {
      const e = 2 * rng.normal();
      xs.push(level + e);
      level += 0.3 * e;
    }
    const train = xs.slice(0, 60);
    const f = forecastEts(fitEts(train, { trend: 'N', seasonal: false, m: 1 })!, 12);
    for (let h = 0; h < 12; h++) {
      const z = Math.abs(xs[60 + h]! - f.mean[h]!) / f.sigma[h]!;
      if (z <= Z80) in80++;
      if (z <= Z95) in95++;
      total++;
    }
  }
  const c80 = in80 / total;
  const c95 = in95 / total;
  assert.ok(c80 > 0.72 && c80 < 0.88, `80 % coverage ${c80}`);
  assert.ok(c95 > 0.9 && c95 < 0.99, `95 % coverage ${c95}`);
});

test('hourly data whose daily swing varies: fitted over one cycle ahead, the trend does not run away', () => {
  // The M4 Hourly failure reduced: when the day's amplitude varies, the best one-step predictor
  // extrapolates the last hour's slope (β ≈ α ≈ 1), one-step AICc picks it and the 48-hour
  // forecast runs off (ETS OWA 2.12 on the M4 Hourly subset; 0.90 fitted over one cycle).
  let oneStepRunaway = 0;
  let oneStepError = 0;
  let cycleError = 0;
  for (let seed = 1; seed <= 5; seed++) {
    const rng = seededRandom(seed);
    let level = 1000;
    let amp = 300;
    const xs = Array.from({ length: 24 * 12 }, (_, t) => {
      if (t % 24 === 0) amp = 300 * (1 + 0.3 * rng.normal());
      level += 3 * rng.normal();
      const day = (2 * Math.PI * t) / 24;
      return level + amp * Math.sin(day) + 100 * Math.sin(2 * day) + 2 * rng.normal();
    });
    const train = xs.slice(0, -48);
    const actual = xs.slice(-48);
    const mae = (f: number[]) => f.reduce((s, v, i) => s + Math.abs(v - actual[i]!), 0) / 48;
    const oneStep = autoEts(train, { m: 24, horizon: 48, steps: 1 });
    const cycle = autoEts(train, { m: 24, horizon: 48 });
    if (oneStep.fit.beta > 0.9 * oneStep.fit.alpha) oneStepRunaway++;
    assert.ok(cycle.fit.beta < 0.5 * cycle.fit.alpha, `seed ${seed}: β ${cycle.fit.beta}`);
    oneStepError += mae(oneStep.mean);
    cycleError += mae(cycle.mean);
  }
  assert.ok(oneStepRunaway >= 3, `one-step fits with β ≈ α: ${oneStepRunaway} of 5`);
  assert.ok(cycleError < 0.8 * oneStepError, `${cycleError / 5} vs one-step ${oneStepError / 5}`);
});

test('the O(n) multi-step criterion of non-seasonal fits equals the step-by-step sum', () => {
  const rng = seededRandom(8);
  let level = 200;
  const xs = Array.from({ length: 150 }, (_, t) => {
    level += 2 * rng.normal();
    return 1e6 + level + 0.3 * t + 6 * rng.normal(); // large offset: the centring must hold up
  });
  for (const trend of ['N', 'A', 'Ad'] as const) {
    for (const steps of [1, 2, 13, 30]) {
      const fit = fitEts(xs, { trend, seasonal: false, m: 1 }, { steps })!;
      const direct = multiStepCriterion(xs, fit);
      assert.equal(fit.steps, steps);
      assert.ok(
        Math.abs(fit.criterion - direct) <= 1e-6 * direct,
        `${trend} × ${steps}: ${fit.criterion} vs ${direct}`,
      );
    }
  }
  // Seasonal fits sum step by step, at most one cycle ahead.
  const seasonal = xs.map((v, t) => v + 20 * Math.sin((2 * Math.PI * t) / 7));
  const fit = fitEts(seasonal, { trend: 'Ad', seasonal: true, m: 7 }, { steps: 30 })!;
  assert.equal(fit.steps, 7);
  assert.ok(Math.abs(fit.criterion - multiStepCriterion(seasonal, fit)) <= 1e-9 * fit.criterion);
});
