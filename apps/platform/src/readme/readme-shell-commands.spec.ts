import { shellBlocksOf, splitShellCommands } from './readme-shell-commands';

describe('splitShellCommands', () => {
  it('reads continuations, multi-line quotes, comments and a JSON output comment as bash would', () => {
    const block = [
      'KEY=$(cat .data/api-key)',
      '',
      '# create one',
      'curl -s -X POST localhost:8080/api/x \\',
      '  -d \'{"a":1,',
      '       "b":"# not a comment"}\'',
      '# {"id":"1"}',
      'curl -s localhost:8080/api/x     # trailing words',
      '# a plain comment',
      '',
    ].join('\n');
    expect(splitShellCommands(block)).toEqual([
      { text: 'KEY=$(cat .data/api-key)' },
      {
        text: 'curl -s -X POST localhost:8080/api/x \\\n  -d \'{"a":1,\n       "b":"# not a comment"}\'',
        expectedOutput: '{"id":"1"}',
      },
      { text: 'curl -s localhost:8080/api/x' },
    ]);
  });
});

describe('shellBlocksOf', () => {
  it('takes the sh blocks of the named sections only', () => {
    const markdown =
      '# T\n## A\n```sh\none\n```\n```js\nx\n```\n## B\n```sh\ntwo\n```\n## C\n```sh\nthree\n```\n';
    expect(shellBlocksOf(markdown, ['A', 'C'])).toEqual(['one\n', 'three\n']);
  });
});
