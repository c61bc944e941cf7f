// Jest runs the keypress bench for its jsdom and module setup (the same as the tests'); only the
// *.bench.tsx files under bench/, which `npm run bench` runs and `npm test` does not.
const base = require('../jest.config');

module.exports = {
  ...base,
  rootDir: '..',
  testMatch: ['<rootDir>/bench/**/*.bench.tsx'],
};
