module.exports = { ...require('../../jest.preset.js'), displayName: 'analytics-service', rootDir: __dirname };
