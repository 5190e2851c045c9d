module.exports = { ...require('../../jest.preset.js'), displayName: 'inbound-mail', rootDir: __dirname };
