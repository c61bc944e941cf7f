// The validator-rules check: the rules' own tests (fixtures they must catch), then the built dist/
// against them. Run after `npm run build` (scripts/test-all.sh, step "plugin validator rules").
const path = require('path');
const base = require('../../jest.config');

module.exports = {
  ...base,
  rootDir: path.resolve(__dirname, '../..'),
  testMatch: ['<rootDir>/scripts/validator/__tests__/*.test.ts'],
  // The SVG checks parse with jsdom's DOMParser.
  testEnvironment: 'jest-environment-jsdom',
};
