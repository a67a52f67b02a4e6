import { describe, expect, it } from 'vitest';
import { re2Problem } from './re2';
import { userAgentRegex } from './user-agent-presets';
import { BROWSER_PRESETS, OS_PRESETS, type BrowserPreset, type OsPreset } from './types';

/** Real User-Agent strings, with the OS and browser each one must be classified as (null: none). */
const AGENTS: Array<{ ua: string; os: OsPreset | null; browser: BrowserPreset | null; what: string }> = [
  { what: 'Chrome / Windows', os: 'Windows', browser: 'Chrome', ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36' },
  { what: 'Firefox / Windows', os: 'Windows', browser: 'Firefox', ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0' },
  { what: 'Edge / Windows', os: 'Windows', browser: 'Edge', ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.80' },
  { what: 'Legacy Edge / Windows', os: 'Windows', browser: 'Edge', ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/70.0.3538.102 Safari/537.36 Edge/18.19582' },
  { what: 'Opera / Windows', os: 'Windows', browser: null, ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 OPR/110.0.0.0' },
  { what: 'Chrome / macOS', os: 'macOS', browser: 'Chrome', ua: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36' },
  { what: 'Firefox / macOS', os: 'macOS', browser: 'Firefox', ua: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14.4; rv:125.0) Gecko/20100101 Firefox/125.0' },
  { what: 'Safari / macOS', os: 'macOS', browser: 'Safari', ua: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15' },
  { what: 'Edge / macOS', os: 'macOS', browser: 'Edge', ua: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.67' },
  { what: 'Chrome / Linux', os: 'Linux', browser: 'Chrome', ua: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36' },
  { what: 'Firefox / Ubuntu', os: 'Linux', browser: 'Firefox', ua: 'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0' },
  { what: 'Edge / Linux', os: 'Linux', browser: 'Edge', ua: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.0.0' },
  { what: 'Chrome / ChromeOS', os: null, browser: 'Chrome', ua: 'Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36' },
  { what: 'Chrome / Android', os: 'Android', browser: 'Chrome', ua: 'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36' },
  { what: 'Chrome / Android tablet', os: 'Android', browser: 'Chrome', ua: 'Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Safari/537.36' },
  { what: 'Firefox / Android', os: 'Android', browser: 'Firefox', ua: 'Mozilla/5.0 (Android 14; Mobile; rv:125.0) Gecko/125.0 Firefox/125.0' },
  { what: 'Samsung Internet / Android', os: 'Android', browser: null, ua: 'Mozilla/5.0 (Linux; Android 13; SAMSUNG SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36' },
  { what: 'Edge / Android', os: 'Android', browser: 'Edge', ua: 'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36 EdgA/124.0.2478.64' },
  { what: 'WebView / Android', os: 'Android', browser: null, ua: 'Mozilla/5.0 (Linux; Android 13; Pixel 7 Build/TQ3A.230805.001; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/124.0.6367.82 Mobile Safari/537.36' },
  { what: 'Old stock browser / Android', os: 'Android', browser: null, ua: 'Mozilla/5.0 (Linux; U; Android 4.0.3; ko-kr; LG-L160L Build/IML74K) AppleWebkit/534.30 (KHTML, like Gecko) Version/4.0 Mobile Safari/534.30' },
  { what: 'Safari / iPhone', os: 'iOS', browser: 'Safari', ua: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1' },
  { what: 'Safari / iPad', os: 'iOS', browser: 'Safari', ua: 'Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1' },
  { what: 'Chrome / iPhone', os: 'iOS', browser: 'Chrome', ua: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/124.0.6367.88 Mobile/15E148 Safari/604.1' },
  { what: 'Firefox / iPhone', os: 'iOS', browser: 'Firefox', ua: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/125.0 Mobile/15E148 Safari/605.1.15' },
  { what: 'Edge / iPhone', os: 'iOS', browser: 'Edge', ua: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) EdgiOS/124.2478.71 Mobile/15E148 Safari/605.1.15' },
  { what: 'Facebook in-app / iPhone', os: 'iOS', browser: null, ua: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/458.0.0.36.108;FBBV/585424224;FBDV/iPhone14,5;FBMD/iPhone;FBSN/iOS;FBSV/17.4;FBSS/3;FBCR/;FBID/phone;FBLC/en_US;FBOP/80]' },
  { what: 'curl', os: null, browser: null, ua: 'curl/8.5.0' },
];

/** Envoy evaluates RE2 regexes as a full match. */
const fullMatch = (re: string, s: string) => new RegExp(`^(?:${re})$`).test(s);
/** Search semantics, in case a consumer forgets to anchor: our patterns carry their own anchors. */
const search = (re: string, s: string) => new RegExp(re).test(s);

describe('user-agent presets', () => {
  for (const os of OS_PRESETS) {
    it(`OS ${os} matches exactly its agents`, () => {
      const re = userAgentRegex([os]);
      expect(re2Problem(re)).toBeNull();
      const expected = AGENTS.filter((a) => a.os === os).map((a) => a.what);
      expect(AGENTS.filter((a) => fullMatch(re, a.ua)).map((a) => a.what)).toEqual(expected);
      expect(AGENTS.filter((a) => search(re, a.ua)).map((a) => a.what)).toEqual(expected);
    });
  }
  for (const browser of BROWSER_PRESETS) {
    it(`browser ${browser} matches exactly its agents`, () => {
      const re = userAgentRegex([], [browser]);
      expect(re2Problem(re)).toBeNull();
      const expected = AGENTS.filter((a) => a.browser === browser).map((a) => a.what);
      expect(AGENTS.filter((a) => fullMatch(re, a.ua)).map((a) => a.what)).toEqual(expected);
      expect(AGENTS.filter((a) => search(re, a.ua)).map((a) => a.what)).toEqual(expected);
    });
  }
  it('combines OS and browser lists with AND between them and OR inside each', () => {
    const re = userAgentRegex(['Android', 'iOS'], ['Chrome', 'Firefox']);
    expect(re2Problem(re)).toBeNull();
    expect(AGENTS.filter((a) => fullMatch(re, a.ua)).map((a) => a.what)).toEqual([
      'Chrome / Android',
      'Chrome / Android tablet',
      'Firefox / Android',
      'Chrome / iPhone',
      'Firefox / iPhone',
    ]);
  });
  it('every pair of one OS and one browser matches exactly the agents with both', () => {
    for (const os of OS_PRESETS) {
      for (const browser of BROWSER_PRESETS) {
        const re = userAgentRegex([os], [browser]);
        const expected = AGENTS.filter((a) => a.os === os && a.browser === browser).map((a) => a.what);
        expect(AGENTS.filter((a) => fullMatch(re, a.ua)).map((a) => a.what), `${os}+${browser}`).toEqual(expected);
      }
    }
  });
  it('has no lookaround and yields the documented shape', () => {
    expect(userAgentRegex(['Windows'])).toBe('^.*Windows NT.*$');
    expect(userAgentRegex(['Windows', 'macOS'])).toBe('^.*(?:Windows NT|Macintosh).*$');
    expect(() => userAgentRegex([], [])).toThrow();
  });
});
