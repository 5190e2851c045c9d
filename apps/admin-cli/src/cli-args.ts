import { UsageError } from './cli-errors';

export interface ParsedArgs {
  positionals: string[];
  flags: Map<string, string>;
}

/**
 * Parses the arguments after a command: positionals and `--flag value` / `--flag=value` options.
 * Only the listed flags are accepted, each at most once, and every flag takes a value.
 */
export function parseArgs(
  command: string,
  args: readonly string[],
  spec: { flags?: readonly string[]; positionals: readonly string[] },
): ParsedArgs {
  const allowed = new Set(spec.flags ?? []);
  const positionals: string[] = [];
  const flags = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--')) {
      if (arg.startsWith('-') && arg.length > 1) throw new UsageError(`${command}: unknown option ${arg}`);
      positionals.push(arg);
      continue;
    }
    const equals = arg.indexOf('=');
    const name = equals === -1 ? arg.slice(2) : arg.slice(2, equals);
    if (!allowed.has(name)) throw new UsageError(`${command}: unknown option --${name}`);
    if (flags.has(name)) throw new UsageError(`${command}: --${name} given more than once`);
    let value: string | undefined;
    if (equals !== -1) value = arg.slice(equals + 1);
    else if (i + 1 < args.length && !(args[i + 1] as string).startsWith('--')) value = args[++i];
    if (value === undefined || value === '') throw new UsageError(`${command}: --${name} needs a value`);
    flags.set(name, value);
  }
  if (positionals.length < spec.positionals.length) {
    const missing = spec.positionals.slice(positionals.length).map((name) => `<${name}>`);
    throw new UsageError(`${command}: missing ${missing.join(' ')}`);
  }
  if (positionals.length > spec.positionals.length) {
    const extra = positionals.slice(spec.positionals.length).join(' ');
    const hint = spec.positionals.length > 0 ? ' (quote a value that contains spaces)' : '';
    throw new UsageError(`${command}: unexpected argument ${JSON.stringify(extra)}${hint}`);
  }
  return { positionals, flags };
}
