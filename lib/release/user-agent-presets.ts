/**
 * Operating-system and browser presets compiled to RE2 User-Agent regexes.
 *
 * RE2 has no lookaround, so "Safari but not Chrome" cannot be said directly. Instead we rely on the
 * fixed token order of real User-Agent strings:
 *   Mozilla/5.0 (<platform comment>) <engine> (KHTML, like Gecko) <browser tokens>
 * - the operating system is named inside the first platform comment, before any browser token;
 * - the browser's own product token is the LAST token (Edge appends `Edg/`, Opera `OPR/`, Yandex
 *   `YaBrowser/`... after Chrome's tokens), or, for Chrome, Samsung Internet and WebViews, the
 *   tokens right after `(KHTML, like Gecko)` differ (`SamsungBrowser/`, `Version/4.0 Chrome/`).
 * So each browser preset is an end-anchored suffix that starts at `(KHTML, like Gecko)` or at
 * `Gecko/`, and each OS preset is a fragment of the platform comment. A group with both compiles to
 * `^.*(<os>).*(<browser>)$`, i.e. one regex on one `user-agent` header entry: no `withoutHeaders`,
 * no extra match entries, and the same regex works with full-match (Envoy) and search semantics.
 * Patterns avoid `\w` and named classes and stick to ASCII so RE2 and JavaScript agree.
 */

import type { BrowserPreset, OsPreset } from './types';

const VER = '[0-9][0-9A-Za-z.]*';
/** iOS browsers end with `Mobile/<build> Safari/<webkit>` (iPhone and iPad alike). */
const IOS_TAIL = `Mobile/[0-9A-Za-z]+ Safari/${VER}`;

/** Fragments of the platform comment. */
export const OS_FRAGMENTS: Readonly<Record<OsPreset, string>> = {
  Windows: 'Windows NT',
  macOS: 'Macintosh',
  // Desktop Linux says `X11; ... Linux`; Android says `Linux; Android` (no X11) and ChromeOS `CrOS`.
  Linux: 'X11;[^)]*Linux',
  // Android Firefox omits `Linux` (`(Android 14; Mobile; rv:...)`), so match `Android` itself.
  Android: 'Android',
  iOS: '\\((?:iPhone|iPad|iPod)',
};

/** End-anchored browser suffixes. */
export const BROWSER_FRAGMENTS: Readonly<Record<BrowserPreset, string>> = {
  // Chrome's tokens follow `(KHTML, like Gecko)` directly and `Safari/` ends the string;
  // Edge/Opera/Yandex append tokens, Samsung Internet and WebViews insert some before `Chrome/`.
  Chrome: `\\(KHTML, like Gecko\\) (?:Chrome/${VER} (?:Mobile )?Safari/${VER}|CriOS/${VER} ${IOS_TAIL})`,
  Firefox: `(?:Gecko/${VER} Firefox/${VER}|\\(KHTML, like Gecko\\) FxiOS/${VER} ${IOS_TAIL})`,
  // Safari (desktop and iOS) carries `Version/`; Chrome never does, and Android WebViews put
  // `Chrome/` after it while the old Android browser says `Mobile Safari` (no `Mobile/<build>`).
  Safari: `\\(KHTML, like Gecko\\) Version/${VER} (?:Mobile/[0-9A-Za-z]+ )?Safari/${VER}`,
  Edge: `(?:Edg/${VER}|EdgA/${VER}|Edge/${VER}|\\(KHTML, like Gecko\\) EdgiOS/${VER} ${IOS_TAIL})`,
};

function alternatives(fragments: string[]): string {
  return fragments.length === 1 ? fragments[0] : `(?:${fragments.join('|')})`;
}

/**
 * The `user-agent` regex for a condition group's OS and browser presets (either may be empty, not
 * both); a request matches when its OS is any of `os` AND its browser is any of `browsers`.
 * Implements an RE2 `regex` StringMatch: https://istio.io/latest/docs/reference/config/networking/virtual-service/#StringMatch
 */
export function userAgentRegex(os: readonly OsPreset[] = [], browsers: readonly BrowserPreset[] = []): string {
  if (os.length === 0 && browsers.length === 0) throw new Error('userAgentRegex needs at least one preset');
  const osPart = os.length > 0 ? `.*${alternatives([...new Set(os)].map((o) => OS_FRAGMENTS[o]))}` : '';
  const browserPart = browsers.length > 0 ? `.*${alternatives([...new Set(browsers)].map((b) => BROWSER_FRAGMENTS[b]))}$` : '.*$';
  return `^${osPart}${browserPart}`;
}
