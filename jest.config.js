// One Jest run over every project, so `npm test` prints a single summary.
const { readdirSync, existsSync } = require('node:fs');
const { join } = require('node:path');

const projects = ['apps', 'libs'].flatMap((root) =>
  readdirSync(join(__dirname, root))
    .map((name) => join(__dirname, root, name))
    .filter((dir) => existsSync(join(dir, 'jest.config.js'))),
);

// testTimeout is read from the root config only (Jest ignores a project's own): the preset's value
// must be given here too, or every test without its own timeout gets Jest's default 5 s.
const { testTimeout } = require('./jest.preset.js');

module.exports = { projects, testTimeout };
