// Refusals, as errors that carry their HTTP status and envelope code (api-v1.md §1.2): business refusals on POST
// actions are HTTP 200 with code 1 or -1, missing resources 404. The app's error handler turns them into envelopes.

import { MSG } from './messages.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    /** The request field the refusal is about (the payment window marks it; sent as the X-Sandbox-Field header). */
    readonly field?: string,
  ) {
    super(message);
  }
}

// Unconfirmed (api-v1.md §1.2 gives "–" for the code of every 404/400/401 row): we send -1 there, the code the
// reference sees for refusals that are not business outcomes.
export const notFound = (message: string) => new ApiError(404, -1, message);
export const refused = (message: string, code = 1) => new ApiError(200, code, message);
export const badRequest = (message: string, field?: string) => new ApiError(400, -1, message, field);
export const conflict = (message: string, code = -1) => new ApiError(409, code, message);
// Unconfirmed (api-v1.md §10.1): the 401 body; we send the probable `{"code":-1,"message":"Unauthorized","response":null}`
// and no WWW-Authenticate header.
export const unauthorized = (message: string = MSG.unauthorized) => new ApiError(401, -1, message);
