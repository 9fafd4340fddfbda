// Coded errors of the harness (spec/errors.json, platform section), shared by every orchestration module.
export type HarnessErrorCode =
  | 'SCL_ERR_NOT_READY'
  | 'SCL_ERR_NOT_BUILT'
  | 'SCL_ERR_TOOLCHAIN_MISSING'
  | 'SCL_ERR_BAD_FLAG'
  | 'SCL_ERR_PATCH_FAILED'
  | 'SCL_ERR_NO_CLUSTER'
  | 'SCL_ERR_APPLY_FAILED';

export class HarnessError extends Error {
  constructor(
    readonly code: HarnessErrorCode,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = 'HarnessError';
  }
}

export function isHarnessError(error: unknown, code?: HarnessErrorCode): error is HarnessError {
  return error instanceof HarnessError && (code === undefined || error.code === code);
}
