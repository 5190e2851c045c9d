module.exports = { ...require('../../jest.preset.js'), displayName: 'remote-text', rootDir: __dirname };
