import { parseArgs } from './cli-args';
import { UsageError } from './cli-errors';

describe('parseArgs', () => {
  const spec = { flags: ['workspace', 'name'], positionals: ['id'] };

  it('reads positionals and flags in both spellings, in any order', () => {
    const parsed = parseArgs('cmd', ['--workspace', 'w1', 'k1', '--name=a b'], spec);
    expect(parsed.positionals).toEqual(['k1']);
    expect(Object.fromEntries(parsed.flags)).toEqual({ workspace: 'w1', name: 'a b' });
  });

  it('takes everything after -- as positionals', () => {
    expect(parseArgs('cmd', ['--', '--odd-name'], { positionals: ['name'] }).positionals).toEqual([
      '--odd-name',
    ]);
  });

  it.each([
    [['k1', '--colour', 'red'], 'cmd: unknown option --colour'],
    [['k1', '-x'], 'cmd: unknown option -x'],
    [['k1', '--name'], 'cmd: --name needs a value'],
    [['k1', '--name='], 'cmd: --name needs a value'],
    [['k1', '--name', '--workspace', 'w'], 'cmd: --name needs a value'],
    [['k1', '--name', 'a', '--name', 'b'], 'cmd: --name given more than once'],
    [[], 'cmd: missing <id>'],
    [['k1', 'k2'], 'cmd: unexpected argument "k2" (quote a value that contains spaces)'],
  ])('refuses %j', (args, message) => {
    expect(() => parseArgs('cmd', args, spec)).toThrow(new UsageError(message));
  });
});
