import { describe, expect, it } from 'vitest';
import jStat from 'jstat';
import {
  adjustedDifference,
  compareProportions,
  logMixtureEvidence,
  logNormalCdf,
  mixtureBoundary,
  normalCdf,
  normalQuantile,
  requestsToDecide,
  srmLogEvidence,
  twoProportionZ,
} from './stats';

describe('distribution functions (jStat) against reference values', () => {
  it('normal cdf and quantile', () => {
    // R 4.x: pnorm(1.96) = 0.9750021048517795; pnorm(-3) = 0.001349898031630095
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021048517795, 12);
    expect(normalCdf(-3)).toBeCloseTo(0.001349898031630095, 12);
    // R: qnorm(0.975) = 1.959963984540054; qnorm(0.95) = 1.644853626951472
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 8);
    expect(normalQuantile(0.95)).toBeCloseTo(1.644853626951472, 8);
  });

  it('log of the normal cdf stays accurate in the far lower tail', () => {
    // R: pnorm(-8, log.p = TRUE) = -35.01341; pnorm(-10, log.p = TRUE) = -53.23128; pnorm(-40, log.p = TRUE) = -804.6084
    expect(logNormalCdf(-8)).toBeCloseTo(-35.01341, 4);
    expect(logNormalCdf(-10)).toBeCloseTo(-53.23128, 4);
    expect(logNormalCdf(-40)).toBeCloseTo(-804.6084, 3);
    // R: pnorm(-7) = 1.279812543885835e-12 (where jStat alone is 2e-6 off); both branches agree where they meet
    expect(logNormalCdf(-7)).toBeCloseTo(Math.log(1.279812543885835e-12), 8);
    // R: pnorm(-6) = 9.865876450376946e-10, approached from both branches
    expect(logNormalCdf(-5.9999999)).toBeCloseTo(Math.log(9.865876450376946e-10), 5);
    expect(logNormalCdf(-6.0000001)).toBeCloseTo(Math.log(9.865876450376946e-10), 5);
  });

  it('log Beta', () => {
    // B(2, 3) = Γ(2)Γ(3)/Γ(5) = 2/24 (exact)
    expect(jStat.betaln(2, 3)).toBeCloseTo(Math.log(1 / 12), 12);
  });
});

/** Independent check: the mixture integral ∫ 2·N(u; 0, τ²)·exp((s·u − u²/2)/V) du over u > 0 by the trapezoid rule. */
function mixtureByQuadrature(s: number, v: number, tau2: number): number {
  const tau = Math.sqrt(tau2);
  const hi = 12 * tau;
  const n = 200_000;
  const h = hi / n;
  let acc = 0;
  for (let i = 0; i <= n; i++) {
    const u = i * h;
    const f = (2 / Math.sqrt(2 * Math.PI * tau2)) * Math.exp(-(u * u) / (2 * tau2)) * Math.exp((s * u - (u * u) / 2) / v);
    acc += i === 0 || i === n ? f / 2 : f;
  }
  return acc * h;
}

describe('one-sided normal-mixture mSPRT', () => {
  it.each([
    [0.004, 1e-5, 2.5e-5],
    [0.01, 4e-6, 2.5e-5],
    [-0.002, 1e-5, 1e-4],
    [0, 1e-6, 2.5e-5],
  ])('closed form equals the mixture integral (s=%f, V=%g, τ²=%g)', (s, v, tau2) => {
    const closed = Math.exp(logMixtureEvidence(s, v, tau2));
    expect(closed / mixtureByQuadrature(s, v, tau2)).toBeCloseTo(1, 5);
  });

  it('with no effect the statistic is √(V/(V+τ²)) (2·Φ(0) = 1)', () => {
    expect(Math.exp(logMixtureEvidence(0, 1e-5, 3e-5))).toBeCloseTo(Math.sqrt(1e-5 / 4e-5), 12);
  });

  it('the boundary is where the statistic reaches 1/alpha, and shrinks as information grows', () => {
    for (const [v, alpha] of [
      [1e-5, 0.05],
      [1e-8, 0.0125],
      [1e-3, 0.001],
    ]) {
      const b = mixtureBoundary(v, 2.5e-5, alpha);
      expect(logMixtureEvidence(b, v, 2.5e-5)).toBeCloseTo(Math.log(1 / alpha), 9);
    }
    expect(mixtureBoundary(1e-6, 2.5e-5, 0.05)).toBeLessThan(mixtureBoundary(1e-5, 2.5e-5, 0.05));
  });

  it('is wider than the fixed-horizon z bound at the same level (the price of looking every interval)', () => {
    const v = 4e-6;
    expect(mixtureBoundary(v, 2.5e-5, 0.05)).toBeGreaterThan(normalQuantile(0.95) * Math.sqrt(v));
  });
});

describe('comparison of two proportions', () => {
  it('Agresti–Caffo adjustment adds one bad and one good event per arm', () => {
    const d = adjustedDifference({ total: 98, bad: 9 }, { total: 198, bad: 9 });
    expect(d.pc).toBeCloseTo(10 / 100, 12);
    expect(d.pb).toBeCloseTo(10 / 200, 12);
    expect(d.variance).toBeCloseTo((0.1 * 0.9) / 100 + (0.05 * 0.95) / 200, 12);
  });

  it('a clearly worse canary is worse, an identical one at large samples is non-inferior', () => {
    const worse = compareProportions({ total: 5000, bad: 250 }, { total: 45000, bad: 450 }, 0.005, 0.0125, 0.05);
    expect(worse.worse).toBe(true);
    expect(worse.lower).toBeGreaterThan(0);
    const same = compareProportions({ total: 50000, bad: 500 }, { total: 50000, bad: 500 }, 0.005, 0.0125, 0.05);
    expect(same.worse).toBe(false);
    expect(same.nonInferior).toBe(true);
    expect(same.upper).toBeLessThan(0.005);
    expect(same.lower).toBeLessThan(0);
  });

  it('uses 2δ against "no worse" and δ against "worse by the margin"; equal scales and levels give a symmetric interval', () => {
    const c = { total: 3000, bad: 45 };
    const b = { total: 27000, bad: 270 };
    const def = compareProportions(c, b, 0.005, 0.05, 0.05);
    expect(def.lower).toBeCloseTo(def.adjustedEffect - mixtureBoundary(def.variance, 0.01 ** 2, 0.05), 12);
    expect(def.upper).toBeCloseTo(def.adjustedEffect + mixtureBoundary(def.variance, 0.005 ** 2, 0.05), 12);
    const sym = compareProportions(c, b, 0.005, 0.05, 0.05, { worse: 0.005, nonInferior: 0.005 });
    expect(sym.upper - sym.adjustedEffect).toBeCloseTo(sym.adjustedEffect - sym.lower, 12);
  });

  it('keeps the interval within [−1, 1] when an arm has no requests yet', () => {
    const c = compareProportions({ total: 0, bad: 0 }, { total: 617, bad: 0 }, 0.005, 0.0125, 0.05);
    expect(c.lower).toBe(-1);
    expect(c.upper).toBe(1);
    expect(c.worse || c.nonInferior).toBe(false);
  });

  it('projects the requests a decision needs, and 0 once decided', () => {
    const early = requestsToDecide({ total: 300, bad: 3 }, { total: 2700, bad: 27 }, 0.1, 0.005, 0.0125, 0.05);
    expect(early).toBeGreaterThan(10_000);
    // with that many more requests at the same rates, the metric is decided
    const n = 3000 + early!;
    const later = compareProportions({ total: n * 0.1, bad: n * 0.1 * 0.01 }, { total: n * 0.9, bad: n * 0.9 * 0.01 }, 0.005, 0.0125, 0.05);
    expect(later.nonInferior || later.worse).toBe(true);
    expect(requestsToDecide({ total: 50000, bad: 500 }, { total: 50000, bad: 500 }, 0.5, 0.005, 0.0125, 0.05)).toBe(0);
    expect(requestsToDecide({ total: 10, bad: 0 }, { total: 10, bad: 0 }, 0, 0.005, 0.0125, 0.05)).toBeNull();
  });
});

describe('sample-ratio mismatch e-value', () => {
  it('matches beta-binomial moments on small counts', () => {
    // prior Beta(10, 90) (k = 100, share 0.1): BF(1 canary of 1) = E[q]/w = 1; BF(2 of 2) = E[q²]/w² = 10·11/(100·101)/0.01
    expect(srmLogEvidence(0, 0, 0.1)).toBeCloseTo(0, 12);
    expect(Math.exp(srmLogEvidence(1, 0, 0.1))).toBeCloseTo(1, 10);
    expect(Math.exp(srmLogEvidence(2, 0, 0.1))).toBeCloseTo(110 / 10100 / 0.01, 10);
  });

  it('grows with a real mismatch and stays small without one', () => {
    expect(srmLogEvidence(800, 9200, 0.1)).toBeGreaterThan(Math.log(1000));
    expect(srmLogEvidence(1000, 9000, 0.1)).toBeLessThan(0);
  });
});

describe('naive fixed-horizon z-test (bench comparison only)', () => {
  it('matches prop.test without continuity correction', () => {
    // R: prop.test(c(30, 20), c(1000, 1000), correct = FALSE, alternative = "greater"):
    //    X-squared = 2.0513 (= z²), p-value = 0.07604
    const r = twoProportionZ({ total: 1000, bad: 30 }, { total: 1000, bad: 20 });
    expect(r.z * r.z).toBeCloseTo(2.0513, 3);
    expect(r.p).toBeCloseTo(0.07604, 4);
  });
});
