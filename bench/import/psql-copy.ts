import { spawnSync } from 'node:child_process';
import { csvColumns } from './csv-file';

/**
 * The limit: `psql \copy` of the same file into one plain table with the same columns (text, no
 * index, no checks), in a database of its own. Timed around the psql process, so its start-up is
 * in the figure. Answers the seconds and the rows the table holds after.
 */
export function psqlCopy(url: string, path: string): { seconds: number; rows: number } {
  const psql = (command: string) => {
    const result = spawnSync('psql', [url, '-X', '-q', '-t', '-A', '-v', 'ON_ERROR_STOP=1', '-c', command], {
      encoding: 'utf8',
    });
    if (result.status !== 0) throw new Error(`psql failed: ${result.stderr}`);
    return result.stdout.trim();
  };
  psql(`CREATE TABLE import_copy (${csvColumns.map((column) => `${column} text`).join(', ')})`);
  const started = performance.now();
  psql(`\\copy import_copy FROM '${path}' WITH (FORMAT csv, HEADER true)`);
  const seconds = (performance.now() - started) / 1000;
  return { seconds, rows: Number(psql('SELECT count(*) FROM import_copy')) };
}
