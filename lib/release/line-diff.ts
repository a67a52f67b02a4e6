/**
 * A line diff by longest common subsequence: small inputs (a few objects' YAML), so the O(n·m)
 * table is fine and no dependency is needed. Common prefix and suffix are trimmed first, and
 * inputs too large for the table degrade to "remove the middle, add the middle".
 */

export interface DiffLine {
  op: ' ' | '+' | '-';
  text: string;
}

const MAX_CELLS = 4_000_000;

/** Line diff of `before` -> `after` (unified-diff semantics, without hunks). See https://en.wikipedia.org/wiki/Longest_common_subsequence */
export function diffLines(before: string, after: string): DiffLine[] {
  const a = before === '' ? [] : before.replace(/\n$/, '').split('\n');
  const b = after === '' ? [] : after.replace(/\n$/, '').split('\n');
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const head = a.slice(0, start).map((text): DiffLine => ({ op: ' ', text }));
  const tail = a.slice(endA).map((text): DiffLine => ({ op: ' ', text }));
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  const n = midA.length;
  const m = midB.length;
  if (n * m > MAX_CELLS) {
    return [...head, ...midA.map((text): DiffLine => ({ op: '-', text })), ...midB.map((text): DiffLine => ({ op: '+', text })), ...tail];
  }
  // lcs[i][j] = LCS length of midA[i..] and midB[j..]
  const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i][j] = midA[i] === midB[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const body: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (midA[i] === midB[j]) {
      body.push({ op: ' ', text: midA[i] });
      i++;
      j++;
    } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
      body.push({ op: '-', text: midA[i++] });
    } else {
      body.push({ op: '+', text: midB[j++] });
    }
  }
  while (i < n) body.push({ op: '-', text: midA[i++] });
  while (j < m) body.push({ op: '+', text: midB[j++] });
  return [...head, ...body, ...tail];
}

/** Renders a diff as unified-diff-like text (`+`/`-`/space prefixes). See https://www.gnu.org/software/diffutils/manual/html_node/Unified-Format.html */
export function formatDiff(lines: DiffLine[]): string {
  return lines.map((l) => `${l.op}${l.text}`).join('\n');
}
