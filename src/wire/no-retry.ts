import type { RetryErrorInfo, RetryStrategyV2, RetryToken } from '@smithy/types';

const FIRST_ATTEMPT: RetryToken = { getRetryCount: () => 0, getRetryDelay: () => 0 };

/**
 * A retry strategy that never retries, for SDK clients of an in-process simulation.
 *
 * Why not the SDK's standard strategy: it waits between attempts on real timers with `Math.random` jitter, and a
 * retry cannot help anyway, because the simulation answers the same request at the same virtual time the same way
 * (a ThrottlingException included, WR-5): only the caller moving virtual time changes the answer. So every error
 * reaches the caller on the first attempt, and no call ever waits on the wall clock (DT-2).
 */
export const NO_RETRY: RetryStrategyV2 = {
  acquireInitialRetryToken: () => Promise.resolve(FIRST_ATTEMPT),
  refreshRetryTokenForRetry: (_token: RetryToken, info: RetryErrorInfo) => Promise.reject(info.error),
  recordSuccess: () => {},
};
