import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Property tests run many simulations; the machine has two cores.
    testTimeout: 60_000,
    pool: 'forks',
  },
});
