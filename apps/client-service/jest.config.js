module.exports = { ...require('../../jest.preset.js'), displayName: 'client-service', rootDir: __dirname };
