module.exports = { ...require('../../jest.preset.js'), displayName: 'scraper-service', rootDir: __dirname };
