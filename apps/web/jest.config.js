// Unit tests of the dashboard's logic (pure modules: mapping guesses, the sequence editor's state);
// the pages themselves are tested in a real browser (apps/platform/src/dashboard).
module.exports = { ...require('../../jest.preset.js'), displayName: 'web', rootDir: __dirname };
