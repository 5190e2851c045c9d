module.exports = { ...require('../../jest.preset.js'), displayName: 'email-address', rootDir: __dirname };
