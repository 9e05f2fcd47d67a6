import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Property tests run many simulations; the machine has two cores.
    testTimeout: 60_000,
    pool: 'forks',
    // The SDK's notice that its releases from 2027 need Node 22 concerns the SDK, not a test: kept off the output, as
    // the CLI keeps it (bin/gamelift-sim.js).
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
