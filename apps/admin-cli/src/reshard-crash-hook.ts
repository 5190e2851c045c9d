import { unitStates, type UnitState } from '@coldreach/db';
import { UsageError } from './cli-errors';

/**
 * The kill tests' hook: RESHARD_CRASH_AT=<step>[:<n>] makes the reshard SIGKILL itself right after
 * doing `step` of the n-th unit it handles (default 1), before journaling it, as a crash would.
 * Read here rather than in config.ts: it is no setting, and nothing else may see it.
 */
export function reshardCrashHook(value: string | undefined) {
  if (!value) return undefined;
  const [step, unit = '1'] = value.split(':');
  if (!unitStates.includes(step as UnitState) || step === 'pending' || !/^\d+$/.test(unit)) {
    throw new UsageError(
      `RESHARD_CRASH_AT must be <step>[:<unit>] with a step among ${unitStates.slice(1).join(', ')}`,
    );
  }
  return {
    step: step as UnitState,
    unit: Number(unit),
    crash: () => process.kill(process.pid, 'SIGKILL'),
  };
}
