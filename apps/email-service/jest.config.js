module.exports = { ...require('../../jest.preset.js'), displayName: 'email-service', rootDir: __dirname };
