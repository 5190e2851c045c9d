// Lints the protos and fails when regenerating libs/contracts from proto/ changes anything:
// generated code is committed and must always match its source.
import { execFileSync } from 'node:child_process';

// buf.gen.yaml's output path is relative to the working directory, so buf runs inside proto/.
const run = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit', cwd: 'proto' });
run('npx', ['buf', 'lint']);
run('npx', ['buf', 'generate']);
const changed = execFileSync('git', ['status', '--porcelain', '--', 'libs/contracts/src/gen'], {
  encoding: 'utf8',
});
if (changed.trim()) {
  console.error(
    `Generated contracts are out of date with proto/ (run npm run proto:generate and commit):\n${changed}`,
  );
  process.exit(1);
}
console.log('proto: lint clean, generated code up to date');
