module.exports = { ...require('../../jest.preset.js'), displayName: 'scrape-cli', rootDir: __dirname };
