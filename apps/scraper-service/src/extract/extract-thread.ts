import { parentPort } from 'node:worker_threads';
import { extractPage } from './extract-page';
import type { PageExtraction } from './page-extraction';

export interface ExtractTask {
  id: number;
  html: string;
  pageUrl: string;
}

export type ExtractAnswer = { id: number; extraction: PageExtraction } | { id: number; error: string };

/** Reads the pages the crawl loop sends, one after another, and answers what each yields. */
export function runExtractThread(): void {
  const port = parentPort;
  if (!port) throw new Error('runExtractThread runs in a worker thread');
  port.on('message', (task: ExtractTask) => {
    let answer: ExtractAnswer;
    try {
      answer = { id: task.id, extraction: extractPage(task.html, task.pageUrl) };
    } catch (error) {
      answer = { id: task.id, error: error instanceof Error ? error.message : 'extraction failed' };
    }
    port.postMessage(answer);
  });
}
