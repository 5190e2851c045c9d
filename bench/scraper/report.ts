// The benchmark's tables: each crawler's speed, extraction quality against the answer key, CPU per
// page and the politeness the corpus server saw; then Cold Reach against the raw limit and targets.
import { emailForms, type EmailForm } from './corpus-plan';
import type { CrawlResult } from './crawl-result';
import type { ServerView } from './politeness';

export interface Measured {
  key: 'a' | 'b' | 'c';
  result: CrawlResult;
  server: ServerView;
  /** The corpus server's CPU over the crawl. */
  corpusCpuMs: number;
  /** Corpus pages it never requested (host + path). */
  unserved: string[];
}

/** Cold Reach's CPU counted with the stores it needs (its own database's backends, Redis, Kafka). */
const storeRows = ['PostgreSQL: scraper database', 'Redis (all)', 'Kafka broker'];

export const targets = { ratio: 0.3, recall: 0.98, precision: 0.98 };

export interface Score {
  recall: number;
  precision: number;
  falsePositives: string[];
  foundByForm: Map<EmailForm, number>;
}

export function score(result: CrawlResult, answerKey: ReadonlyMap<string, EmailForm>): Score {
  const found = new Set(result.emails);
  const truePositives = [...found].filter((email) => answerKey.has(email));
  const foundByForm = new Map<EmailForm, number>();
  for (const email of truePositives) {
    const form = answerKey.get(email) as EmailForm;
    foundByForm.set(form, (foundByForm.get(form) ?? 0) + 1);
  }
  return {
    recall: truePositives.length / answerKey.size,
    precision: found.size === 0 ? 0 : truePositives.length / found.size,
    falsePositives: [...found].filter((email) => !answerKey.has(email)),
    foundByForm,
  };
}

export const pagesPerMinute = (result: CrawlResult) => (result.pages * 60_000) / result.elapsedMs;

const fixed = (value: number, digits = 0) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function row(cells: Array<string | number>): string {
  return `| ${cells.join(' | ')} |`;
}

export function printReport(measured: Measured[], answerKey: ReadonlyMap<string, EmailForm>): void {
  console.log(
    row([
      'crawler',
      'pages',
      'failed',
      's',
      'pages/min',
      'recall',
      'precision',
      'CPU ms/page',
      'with its stores',
      'corpus server',
      'max in flight/host',
      'min gap ms',
      'pages fetched twice',
    ]),
  );
  console.log(row(Array.from({ length: 13 }, () => '---')));
  const scores = measured.map((entry) => score(entry.result, answerKey));
  measured.forEach(({ key, result, server, corpusCpuMs }, index) => {
    const quality = scores[index] as Score;
    const stores = storeRows.reduce((sum, name) => sum + (result.otherCpuMs[name] ?? 0), result.cpuMs);
    console.log(
      row([
        `(${key}) ${result.name}`,
        result.pages,
        result.failed,
        fixed(result.elapsedMs / 1000, 1),
        fixed(pagesPerMinute(result)),
        fixed(quality.recall, 3),
        fixed(quality.precision, 3),
        fixed(result.cpuMs / result.pages, 2),
        key === 'a' ? fixed(stores / result.pages, 2) : '–',
        fixed(corpusCpuMs / result.pages, 2),
        server.maxInFlightPerHost,
        server.minGapMs === undefined ? '–' : fixed(server.minGapMs, 1),
        server.repeatedPages,
      ]),
    );
  });

  console.log(`\nrecall by form (of ${answerKey.size} planted addresses):\n`);
  console.log(row(['form', 'planted', ...measured.map((entry) => `(${entry.key})`)]));
  console.log(row(Array.from({ length: measured.length + 2 }, () => '---')));
  for (const form of [...emailForms, 'json-ld-organization'] as EmailForm[]) {
    const planted = [...answerKey.values()].filter((value) => value === form).length;
    console.log(row([form, planted, ...scores.map((entry) => entry.foundByForm.get(form) ?? 0)]));
  }
  measured
    .filter((entry) => entry.unserved.length > 0)
    .forEach(({ key, unserved }) => {
      console.log(
        `(${key}) corpus pages never requested: ${unserved.length}, e.g. ${unserved.slice(0, 4).join(', ')}`,
      );
    });
  measured.forEach(({ key }, index) => {
    const wrong = (scores[index] as Score).falsePositives;
    if (wrong.length > 0)
      console.log(`(${key}) false positives: ${wrong.length}, e.g. ${wrong.slice(0, 4).join(', ')}`);
  });
  measured
    .filter((entry) => Object.keys(entry.result.otherCpuMs).length > 0)
    .forEach(({ key, result }) => {
      const parts = Object.entries(result.otherCpuMs).map(([name, ms]) => `${name} ${fixed(ms / 1000, 1)} s`);
      console.log(`(${key}) CPU besides its process over the crawl: ${parts.join(', ')}`);
    });
}

/** The verdict lines: (a) against the mean of the raw runs, and the quality targets. */
export function printVerdict(
  coldReach: Measured,
  crawlee: Measured | undefined,
  raw: Measured[],
  answerKey: ReadonlyMap<string, EmailForm>,
): void {
  const limit = raw.reduce((sum, entry) => sum + pagesPerMinute(entry.result), 0) / raw.length;
  const ratio = pagesPerMinute(coldReach.result) / limit;
  const quality = score(coldReach.result, answerKey);
  const mark = (ok: boolean) => (ok ? 'met' : 'NOT met');
  console.log(
    `\n(a)/(c) pages/min: ${fixed(ratio, 2)} (raw limit ${fixed(limit)} pages/min, mean of ${raw.length} runs; ` +
      `target ≥ ${targets.ratio}: ${mark(ratio >= targets.ratio)})`,
  );
  if (crawlee)
    console.log(
      `(a)/(b) pages/min: ${fixed(pagesPerMinute(coldReach.result) / pagesPerMinute(crawlee.result), 2)}`,
    );
  console.log(
    `(a) recall ${fixed(quality.recall, 3)} (target ≥ ${targets.recall}: ${mark(quality.recall >= targets.recall)})`,
  );
  console.log(
    `(a) precision ${fixed(quality.precision, 3)} (target ≥ ${targets.precision}: ${mark(quality.precision >= targets.precision)})`,
  );
}
