module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'email-verification',
  rootDir: __dirname,
};
