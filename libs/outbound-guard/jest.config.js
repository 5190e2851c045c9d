module.exports = { ...require('../../jest.preset.js'), displayName: 'outbound-guard', rootDir: __dirname };
