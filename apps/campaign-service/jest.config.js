module.exports = { ...require('../../jest.preset.js'), displayName: 'campaign-service', rootDir: __dirname };
