import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';

/**
 * Where the walkthrough puts its screenshots and the facts it measured (black-star share, trace
 * id...). `npm run docs` points GRAYLANE_WALKTHROUGH_DIR at docs/walkthrough and builds
 * docs/walkthrough.md from what lands there; a plain test run keeps them under test-results so
 * the committed guide is not touched.
 */
export const WALKTHROUGH_DIR = path.resolve(process.env.GRAYLANE_WALKTHROUGH_DIR ?? path.join(import.meta.dirname, '..', '..', 'test-results', 'walkthrough'));

/** The file the spec records its measured facts in, read by scripts/docs.ts. */
export const FACTS_FILE = 'facts.json';

/** One screenshot of the guide: its file name (no extension) and a caption for docs/walkthrough.md. */
export interface Shot {
  step: number;
  file: string;
  caption: string;
}

/** Saves a walkthrough screenshot and records it, with its caption, in facts.json. */
export async function shot(target: Page | Locator, step: number, file: string, caption: string, { fullPage = false }: { fullPage?: boolean } = {}): Promise<void> {
  fs.mkdirSync(WALKTHROUGH_DIR, { recursive: true });
  const out = path.join(WALKTHROUGH_DIR, `${file}.png`);
  if ('goto' in target) await target.screenshot({ path: out, fullPage });
  else await target.screenshot({ path: out });
  recordFact((f) => {
    f.shots = [...(f.shots ?? []).filter((s) => s.file !== file), { step, file, caption }];
  });
}

/** What the walkthrough measured, for the guide. */
export interface Facts {
  shots?: Shot[];
  values?: Record<string, string | number>;
}

/** Reads, changes and writes facts.json (one worker: no concurrent writers). */
export function recordFact(change: (f: Facts) => void): void {
  const file = path.join(WALKTHROUGH_DIR, FACTS_FILE);
  let facts: Facts = {};
  try {
    facts = JSON.parse(fs.readFileSync(file, 'utf8')) as Facts;
  } catch {
    /* first write */
  }
  change(facts);
  fs.mkdirSync(WALKTHROUGH_DIR, { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(facts, null, 2)}\n`);
}

/** Records one measured value (e.g. `blackStars: "61/200"`). */
export function recordValue(key: string, value: string | number): void {
  recordFact((f) => {
    f.values = { ...(f.values ?? {}), [key]: value };
  });
}

/** Starts a fresh facts.json (the spec's first step), so a rerun does not mix two runs. */
export function resetFacts(): void {
  fs.mkdirSync(WALKTHROUGH_DIR, { recursive: true });
  fs.writeFileSync(path.join(WALKTHROUGH_DIR, FACTS_FILE), '{}\n');
}
