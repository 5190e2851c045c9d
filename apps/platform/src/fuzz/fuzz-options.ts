export interface FuzzOptions {
  seed: number;
  runs: number;
  concurrency: number;
  logLevel: string;
}

/**
 * The fuzz run's settings, from `--seed 42 --runs 50000 --concurrency 4 --log-level error` or
 * FUZZ_SEED / FUZZ_RUNS / FUZZ_CONCURRENCY; the seed is the default's, or random when the default has
 * none (it is always printed, so any run can be replayed).
 */
export function readFuzzOptions(
  argv: string[],
  env: NodeJS.ProcessEnv,
  defaults: { runs: number; seed?: number },
): FuzzOptions {
  const flag = (name: string) => {
    const at = argv.indexOf(`--${name}`);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const integer = (name: string, text: string | undefined, fallback: number) => {
    if (text === undefined || text === '') return fallback;
    const value = Number(text);
    if (!Number.isSafeInteger(value)) throw new Error(`${name} must be an integer, got "${text}"`);
    return value;
  };
  return {
    seed: integer(
      'seed',
      flag('seed') ?? env.FUZZ_SEED,
      defaults.seed ?? Math.floor(Math.random() * 2 ** 31),
    ),
    runs: integer('runs', flag('runs') ?? env.FUZZ_RUNS, defaults.runs),
    concurrency: integer('concurrency', flag('concurrency') ?? env.FUZZ_CONCURRENCY, 4),
    logLevel: flag('log-level') ?? 'silent',
  };
}
