module.exports = { ...require('../../jest.preset.js'), displayName: 'outreach', rootDir: __dirname };
