// One Jest run over every project, so `npm test` prints a single summary.
const { readdirSync, existsSync } = require('node:fs');
const { join } = require('node:path');

const projects = ['apps', 'libs'].flatMap((root) =>
  readdirSync(join(__dirname, root))
    .map((name) => join(__dirname, root, name))
    .filter((dir) => existsSync(join(dir, 'jest.config.js'))),
);

module.exports = { projects };
