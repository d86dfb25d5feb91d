// Unit tests of the Angular client (jsdom 26, zoneless). From the repository root:
//   npx jest --selectProjects angular-client
const { createCjsPreset } = require('jest-preset-angular/presets');

/** @type {import('jest').Config} */
module.exports = {
  ...createCjsPreset({
    tsconfig: '<rootDir>/tsconfig.spec.json',
    testEnvironment: 'jest-preset-angular/environments/jest-jsdom-env',
  }),
  displayName: 'angular-client',
  rootDir: __dirname,
  roots: ['<rootDir>/src'],
  testMatch: ['**/*.spec.ts'],
  testEnvironmentOptions: { url: 'http://127.0.0.1/' },
  setupFilesAfterEnv: ['<rootDir>/src/setup-jest.ts'],
};
