/**
 * RE2 compatibility check for user-supplied regexes. Envoy evaluates Istio regex matches with
 * Google RE2, which has no backtracking features; a JavaScript-valid pattern that uses them is
 * accepted by the API server and then rejected (or silently ignored) by the data plane, so we
 * refuse them up front with a message that says what to change.
 */

/** Escapes (`\x`) that RE2 and JavaScript both understand the same way. */
const SHARED_ESCAPE_LETTERS = new Set(['d', 'D', 's', 'S', 'w', 'W', 'b', 'B', 'f', 'n', 'r', 't', 'v', 'x']);

/**
 * Returns why `pattern` is not an RE2-compatible regex, or null when it is.
 * See https://github.com/google/re2/wiki/Syntax (used by https://istio.io/latest/docs/reference/config/networking/virtual-service/#StringMatch).
 */
export function re2Problem(pattern: string): string | null {
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      const next = pattern[i + 1];
      if (next === undefined) return 'ends with a lone backslash';
      if (/[0-9]/.test(next)) return `backreferences and octal escapes (\\${next}) are not supported by RE2`;
      if (next === 'k') return 'named backreferences (\\k<...>) are not supported by RE2';
      if (/[A-Za-z]/.test(next) && !SHARED_ESCAPE_LETTERS.has(next)) return `escape \\${next} is not supported here`;
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') {
      inClass = true;
      if (pattern[i + 1] === '^') i++;
      // RE2 reads `[]a]` as a class holding `]`; JavaScript reads `[]` as an empty class. Refuse
      // the ambiguity instead of letting the console's simulation and Envoy disagree.
      if (pattern[i + 1] === ']') return 'a "]" right after "[" or "[^" is read differently by RE2 and JavaScript: escape it as \\]';
      continue;
    }
    if (c === '(' && pattern[i + 1] === '?') {
      const rest = pattern.slice(i + 2, i + 4);
      if (rest.startsWith('=') || rest.startsWith('!')) return 'lookahead ((?=...) and (?!...)) is not supported by RE2';
      if (rest === '<=' || rest === '<!') return 'lookbehind ((?<=...) and (?<!...)) is not supported by RE2';
      if (rest.startsWith('>')) return 'atomic groups ((?>...)) are not supported by RE2';
      if (!rest.startsWith(':')) return 'only plain (...) and non-capturing (?:...) groups are supported';
      continue;
    }
    if ((c === '*' || c === '+' || c === '?' || c === '}') && pattern[i + 1] === '+') {
      return 'possessive quantifiers (such as *+ or ++) are not supported by RE2';
    }
  }
  if (inClass) return 'has an unterminated character class';
  try {
    new RegExp(pattern);
  } catch (e) {
    return `is not a valid regular expression (${(e as Error).message})`;
  }
  return null;
}

/**
 * Quotes every regex metacharacter so `text` matches literally, in RE2 and JavaScript alike.
 * See https://github.com/google/re2/wiki/Syntax.
 */
export function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}
