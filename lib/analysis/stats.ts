/**
 * Statistics of the progressive analysis: a one-sided mixture sequential probability ratio test
 * (mSPRT) with a normal mixture for a difference of two proportions, its always-valid confidence
 * bounds, projections of the sample a decision needs, and a sequential sample-ratio-mismatch test.
 * Distribution functions come from jStat; what is computed from them is ours and unit-tested.
 *
 * Why these are valid when looked at after every interval: each statistic is (asymptotically, for
 * the mSPRT; exactly, for the sample-ratio test) a nonnegative martingale with expectation 1 under
 * its null hypothesis, so by Ville's inequality it ever reaches 1/alpha with probability at most
 * alpha, however often it is checked. See lib/analysis/README.md.
 * @see https://arxiv.org/abs/1512.04922 (Johari, Pekelis, Walsh: Always valid inference)
 * @see https://arxiv.org/abs/1810.08240 (Howard et al.: Time-uniform confidence sequences)
 */
import jStat from 'jstat';

const LOG_2 = Math.log(2);
const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** Standard normal cumulative distribution function Φ(x). */
export function normalCdf(x: number): number {
  return jStat.normal.cdf(x, 0, 1);
}

/** Standard normal quantile Φ⁻¹(p). */
export function normalQuantile(p: number): number {
  return jStat.normal.inv(p, 0, 1);
}

/**
 * log Φ(x), accurate far in the lower tail too: jStat's Φ loses relative precision below about
 * −6 (1.8% off at −8), so there Φ(x) = φ(x)·R(−x) with the Mills ratio R from its continued
 * fraction R(t) = 1/(t + 1/(t + 2/(t + 3/(t + …)))) (Abramowitz & Stegun 26.2.14).
 */
export function logNormalCdf(x: number): number {
  if (x > -6) return Math.log(normalCdf(x));
  const t = -x;
  let cf = t;
  for (let k = 80; k >= 1; k--) cf = t + k / cf;
  return -(x * x) / 2 - LOG_SQRT_2PI - Math.log(cf);
}

/** One arm's count: `bad` of `total` events (errors of requests, slow of all). */
export interface ArmCount {
  total: number;
  bad: number;
}

/**
 * The difference of the two proportions (canary − baseline) with its variance, adjusted as
 * Agresti–Caffo (one bad and one good event added to each arm): it never has zero variance, so a
 * run of zero errors at the first looks cannot make the evidence explode, and it shrinks early
 * estimates toward "no difference".
 * @see https://doi.org/10.1080/00031305.2000.10474560 (Agresti & Caffo 2000)
 */
export function adjustedDifference(canary: ArmCount, baseline: ArmCount): { diff: number; variance: number; pc: number; pb: number } {
  const pc = (canary.bad + 1) / (canary.total + 2);
  const pb = (baseline.bad + 1) / (baseline.total + 2);
  return { diff: pc - pb, variance: (pc * (1 - pc)) / (canary.total + 2) + (pb * (1 - pb)) / (baseline.total + 2), pc, pb };
}

/**
 * log of the one-sided normal-mixture mSPRT statistic for H0: θ ≤ θ0 against θ > θ0, where
 * `s` = θ̂ − θ0, `variance` is Var(θ̂) and the mixing distribution is a half-normal of scale τ
 * (`tau2` = τ²) on θ − θ0 > 0:
 *   Λ = 2·√(V/(V+τ²)) · exp(s²τ² / (2V(V+τ²))) · Φ(sτ / √(V(V+τ²))).
 * (Derived by integrating the Gaussian likelihood ratio against the half-normal; the two-sided
 * version without the 2Φ factor is Johari et al.'s eq. 11.)
 */
export function logMixtureEvidence(s: number, variance: number, tau2: number): number {
  const r = variance + tau2;
  const x = s * Math.sqrt(tau2 / (variance * r));
  return LOG_2 + 0.5 * Math.log(variance / r) + (x * x) / 2 + logNormalCdf(x);
}

/**
 * The boundary s* at which the one-sided mSPRT statistic reaches 1/alpha: with variance V, an
 * estimate more than s* above θ0 rejects θ ≤ θ0. It is the half-width of the always-valid
 * one-sided confidence bound (θ̂ − s* is a lower bound for θ at every look simultaneously).
 */
export function mixtureBoundary(variance: number, tau2: number, alpha: number): number {
  const r = variance + tau2;
  // In x = s·√(τ²/(V r)): x²/2 + log Φ(x) = K, whose left side increases with x (d/dx = x + φ/Φ > 0).
  const k = Math.log(1 / alpha) - LOG_2 - 0.5 * Math.log(variance / r);
  // Newton from above (the function is convex enough there), kept inside a bisection bracket
  let lo = 0;
  let hi = Math.sqrt(2 * (k + LOG_2)) + 1;
  let x = Math.sqrt(2 * (k + LOG_2));
  for (let i = 0; i < 60; i++) {
    const logPhi = logNormalCdf(x);
    const f = (x * x) / 2 + logPhi - k;
    if (Math.abs(f) < 1e-12) break;
    if (f > 0) hi = x;
    else lo = x;
    // d/dx log Φ(x) = φ(x)/Φ(x)
    const step = f / (x + Math.exp(-(x * x) / 2 - LOG_SQRT_2PI - logPhi));
    let next = x - step;
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (Math.abs(next - x) < 1e-13 * Math.max(1, x)) {
      x = next;
      break;
    }
    x = next;
  }
  return x * Math.sqrt((variance * r) / tau2);
}

/** Scales τ of the two mixtures (proportions). */
export interface MixtureScales {
  worse: number;
  nonInferior: number;
}

/** The default scales for a margin δ: 2δ against "no worse", δ against "worse by the margin". */
export function mixtureScales(margin: number): MixtureScales {
  return { worse: 2 * margin, nonInferior: margin };
}

/** Sequential comparison of one metric: evidence both ways and the always-valid interval. */
export interface SequentialComparison {
  /** raw canary rate − baseline rate */
  effect: number;
  /** Agresti–Caffo adjusted difference the test uses */
  adjustedEffect: number;
  variance: number;
  /** always-valid lower bound of the difference (at level alphaWorse) */
  lower: number;
  /** always-valid upper bound of the difference (at level alphaNonInferior) */
  upper: number;
  /** log e-value against "canary no worse than baseline" (θ ≤ 0) */
  logEvidenceWorse: number;
  /** log e-value against "canary worse by the margin or more" (θ ≥ margin) */
  logEvidenceNonInferior: number;
  /** smallest observed difference that would be declared worse at this sample */
  detectableEffect: number;
  worse: boolean;
  nonInferior: boolean;
}

/**
 * Compares canary against baseline for one proportion metric with a non-inferiority `margin`
 * (as a proportion, e.g. 0.005 for +0.5 pp). "Worse" rejects θ ≤ 0 at `alphaWorse`;
 * "non-inferior" rejects θ ≥ margin at `alphaNonInferior`. Each mixture's scale τ is the size of
 * effect it is most sensitive to: the distance it has to tell apart. For "non-inferior" that is
 * the margin (a healthy canary sits a margin away from the null θ = margin); for "worse" it is
 * twice the margin, the regressions worth rolling back for (bench: τ = 2δ detects a doubled 1%
 * error rate a few minutes sooner than τ = δ at the same false-rollback rate; τ = δ/2 is clearly worse).
 */
export function compareProportions(
  canary: ArmCount,
  baseline: ArmCount,
  margin: number,
  alphaWorse: number,
  alphaNonInferior: number,
  tau: MixtureScales = mixtureScales(margin),
): SequentialComparison {
  const { diff, variance } = adjustedDifference(canary, baseline);
  const tau2W = tau.worse * tau.worse;
  const tau2N = tau.nonInferior * tau.nonInferior;
  const bWorse = mixtureBoundary(variance, tau2W, alphaWorse);
  const bNonInf = mixtureBoundary(variance, tau2N, alphaNonInferior);
  const raw = canary.total > 0 && baseline.total > 0 ? canary.bad / canary.total - baseline.bad / baseline.total : 0;
  return {
    effect: raw,
    adjustedEffect: diff,
    variance,
    // a difference of proportions lies in [−1, 1]; without requests in an arm the bounds say just that
    lower: Math.max(-1, diff - bWorse),
    upper: Math.min(1, diff + bNonInf),
    logEvidenceWorse: logMixtureEvidence(diff, variance, tau2W),
    logEvidenceNonInferior: logMixtureEvidence(margin - diff, variance, tau2N),
    detectableEffect: bWorse,
    worse: diff - bWorse > 0,
    nonInferior: diff + bNonInf < margin,
  };
}

/**
 * How many more requests to the service (both arms) a decision on this metric needs if the
 * observed rates hold and the canary keeps `share` of the traffic: the smallest total at which
 * either bound would cross its threshold. Null when no sample size would decide (the estimate
 * sits exactly between the thresholds' reach) or the traffic has no canary share.
 */
export function requestsToDecide(
  canary: ArmCount,
  baseline: ArmCount,
  share: number,
  margin: number,
  alphaWorse: number,
  alphaNonInferior: number,
  tau: MixtureScales = mixtureScales(margin),
): number | null {
  if (!(share > 0 && share < 1)) return null;
  const { diff, pc, pb } = adjustedDifference(canary, baseline);
  const tau2W = tau.worse * tau.worse;
  const tau2N = tau.nonInferior * tau.nonInferior;
  const varianceAt = (n: number) => (pc * (1 - pc)) / (n * share + 2) + (pb * (1 - pb)) / (n * (1 - share) + 2);
  const decided = (n: number) => {
    const v = varianceAt(n);
    return diff - mixtureBoundary(v, tau2W, alphaWorse) > 0 || diff + mixtureBoundary(v, tau2N, alphaNonInferior) < margin;
  };
  const now = canary.total + baseline.total;
  if (decided(now)) return 0;
  const cap = 1e10;
  if (!decided(cap)) return null;
  let lo = Math.max(1, now);
  let hi = cap;
  // bisection on a log scale: the boundary shrinks monotonically as the sample grows
  while (hi / lo > 1.001 && hi - lo > 1) {
    const mid = Math.sqrt(lo * hi);
    if (decided(mid)) hi = mid;
    else lo = mid;
  }
  return Math.ceil(hi - now);
}

/**
 * log e-value of a sample-ratio mismatch: canary received `canary` of `canary + baseline`
 * requests where a share `share` was configured. A beta-binomial mixture (prior Beta(k·share,
 * k·(1−share)) on the true share) against the Bernoulli(share) null; exact for any counts, since
 * under the null the ratio of marginal likelihoods is a martingale in the request sequence.
 * @see https://arxiv.org/abs/2011.03567 (Lindon & Malek: Anytime-valid inference for multinomial count data)
 */
export function srmLogEvidence(canary: number, baseline: number, share: number, concentration = 100): number {
  if (!(share > 0 && share < 1)) return 0;
  const a = concentration * share;
  const b = concentration * (1 - share);
  return jStat.betaln(a + canary, b + baseline) - jStat.betaln(a, b) - canary * Math.log(share) - baseline * Math.log(1 - share);
}

/**
 * The classic fixed-horizon one-sided two-proportion z-test (pooled variance) of "canary worse";
 * valid for ONE look at a sample fixed in advance. Kept here only as the naive comparison of
 * bench/analysis-bench.ts: repeated every interval it inflates false alarms.
 */
export function twoProportionZ(canary: ArmCount, baseline: ArmCount): { z: number; p: number } {
  const n = canary.total + baseline.total;
  if (canary.total === 0 || baseline.total === 0) return { z: 0, p: 1 };
  const pooled = (canary.bad + baseline.bad) / n;
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / canary.total + 1 / baseline.total));
  if (se === 0) return { z: 0, p: 1 };
  const z = (canary.bad / canary.total - baseline.bad / baseline.total) / se;
  return { z, p: 1 - normalCdf(z) };
}
