/** An error an HTTP client can act on: status, a stable code, a message for developers. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export function checkId(value: string, what: string): string {
  if (!ID_PATTERN.test(value)) throw new HttpError(400, 'invalid_id', `${what} must match [A-Za-z0-9_-]{1,64}`);
  return value;
}
