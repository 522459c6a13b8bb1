// The envelope every answer of the REST API (and of the control API) travels in: `{code, message, response}`.

/** The envelope of a refusal: `{code, message, response: null}`. */
export const errorBody = (code: number, message: string) => ({ code, message, response: null });

/** Wrap a successful result in the envelope. */
export const ok = <T>(response: T) => ({ code: 0, message: null, response });
