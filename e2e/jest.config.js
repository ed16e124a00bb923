/**
 * `npm run test:e2e`: the journeys in a real Teams-like client (the Microsoft 365 Agents Playground
 * in Debian's Chromium). Kept apart from `npm test`, whose config only looks in test/.
 * @type {import('jest').Config}
 */
module.exports = {
  rootDir: '..',
  roots: ['<rootDir>/e2e'],
  testMatch: ['<rootDir>/e2e/**/*.e2e.ts'],
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { isolatedModules: true }] },
  maxWorkers: 1,
  testTimeout: 120000,
  verbose: true,
};
