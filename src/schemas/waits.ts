// Query fields shared by the control API's long polls (/__sandbox/webhooks/wait, /webhooks/idle, /schedules/wait):
// how long to wait at most, and how many things must be done. The waits themselves are in gateway/waits.ts.

import { int } from './common.js';

/** Wall-time milliseconds a wait lasts when `timeout_ms` is not given. */
export const WAIT_DEFAULT_MS = 5000;
/** The longest wait one request may ask for (a test that needs longer asks again). */
export const WAIT_MAX_MS = 60_000;

/** `timeout_ms`: 0 looks once and answers. */
export const waitTimeoutMs = int.min(0).max(WAIT_MAX_MS).default(WAIT_DEFAULT_MS);
/** `count`: how many matching things must be done. */
export const waitCount = int.min(1).max(10_000);
