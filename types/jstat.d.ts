/**
 * The part of jStat (https://jstat.github.io/) that lib/analysis uses. jstat ships no types and
 * there is no @types package; the module is CommonJS/UMD whose `module.exports` is the jStat
 * object, so it is imported as the default export.
 * @see https://jstat.github.io/all.html
 */
declare module 'jstat' {
  interface JStatNormal {
    /** Normal cumulative distribution function. @see https://jstat.github.io/distributions.html#normal */
    cdf(x: number, mean: number, std: number): number;
    /** Normal quantile function. */
    inv(p: number, mean: number, std: number): number;
  }
  interface JStatBinomial {
    /** Binomial cumulative distribution function P(X <= k). */
    cdf(k: number, n: number, p: number): number;
  }
  interface JStatStatic {
    normal: JStatNormal;
    binomial: JStatBinomial;
    /** log Beta(x, y) */
    betaln(x: number, y: number): number;
    /** log Gamma(x) */
    gammaln(x: number): number;
  }
  const jStat: JStatStatic & { jStat: JStatStatic };
  export default jStat;
}
