// The errors flash-cli reports as one line (never a stack trace) with a non-zero exit code.

/** A mistake the user can fix: bad arguments, a missing wallet, a wrong passphrase. Exit code 2. */
export class CliError extends Error {
  constructor(message, { exitCode = 2 } = {}) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/** A 4xx/5xx answer of flash-node: {"error": message, "code": snake_case}. Exit code 1. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.exitCode = 1;
  }
}

/** The one line printed for `error`; unexpected errors keep their message but not their stack. */
export function describeError(error) {
  if (error instanceof ApiError) return `error: ${error.message} (${error.code}, HTTP ${error.status})`;
  if (error instanceof CliError) return `error: ${error.message}`;
  // Errors of the wasm core carry the core's error code.
  if (error?.code && typeof error.message === 'string') return `error: ${error.message} (${error.code})`;
  return `error: ${error?.message ?? String(error)}`;
}
