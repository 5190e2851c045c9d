import { createProgress, progressLine } from './shards-import-progress';

describe('progressLine', () => {
  it.each([
    [0, 3000, '[------------------------------]   0% 0/3000 clients'],
    [750, 3000, '[########----------------------]  25% 750/3000 clients'],
    [2999, 3000, '[##############################]  99% 2999/3000 clients'],
    [3000, 3000, '[##############################] 100% 3000/3000 clients'],
    [0, 0, '[##############################] 100% 0/0 clients'],
  ])('%i of %i', (done, total, line) => {
    expect(progressLine(done, total)).toBe(line);
  });
});

describe('createProgress', () => {
  it('prints the first batch, then at most once a second, and always the end', () => {
    let now = 0;
    const printed: string[] = [];
    const progress = createProgress(
      100,
      (line) => printed.push(line),
      () => now,
    );
    progress.update(10);
    now = 500;
    progress.update(20);
    now = 1000;
    progress.update(30);
    now = 1100;
    progress.update(100);
    expect(printed.map((line) => /\d+\/100/.exec(line)?.[0])).toEqual(['10/100', '30/100', '100/100']);
  });
});
