/**
 * The SDK's notice that its releases from 2027 need Node 22 concerns the SDK, not a bench: kept off the output, as the
 * CLI keeps it (bin/gamelift-sim.js). Imported first by every bench that can run alone; the SDK reads the setting when
 * a client is made.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
