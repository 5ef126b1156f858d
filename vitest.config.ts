import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // web/src holds the dashboard's unit tests; test/browser drives it in Chromium (test/browser/dashboard.test.ts).
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Integration tests share one PostgreSQL server: files run in parallel, each in its own database.
    pool: 'forks',
  },
});
