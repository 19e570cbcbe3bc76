import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts', 'functions/*/test/**/*.test.ts', 'infra/test/**/*.test.ts', 'test/**/*.test.ts'],
    // One DynamoDB Local for the whole run; each test file gets its own table (test/support/env.ts).
    globalSetup: ['test/support/globalSetup.ts'],
    env: { LOG_LEVEL: 'SILENT', AWS_SDK_JS_SUPPRESS_NODE_DEPRECATION_WARNING: '1' },
    pool: 'forks',
    maxWorkers: 2,
    // One DynamoDB Local serves both workers: while one floods it (the hostile-input proof, 200-way
    // races), a test of the other that makes many calls has taken 27–30 s instead of 2 s.
    testTimeout: 90_000,
    // A file's setup seeds the demo spaces into its own table; beside a flooding suite that can pass a minute.
    hookTimeout: 180_000,
    reporters: ['default'],
  },
});
