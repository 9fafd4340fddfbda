// Errors of the sidecar with their spec/errors.json codes; main maps them to exit statuses.
import catalogue from '../../spec/errors.json' with { type: 'json' };

export type PlatformCode = keyof typeof catalogue.platform;

export class SidecarError extends Error {
  constructor(
    readonly code: PlatformCode,
    message: string,
  ) {
    super(message);
    this.name = 'SidecarError';
  }

  /** The process exit status the catalogue gives the code (2 for bad flags and settings), else 1. */
  get exitStatus(): number {
    const status = catalogue.platform[this.code].status;
    return status >= 1 && status <= 2 ? status : 1;
  }
}

/** The catalogue's message for a code, for error bodies. */
export function catalogueMessage(code: PlatformCode): string {
  return catalogue.platform[code].message;
}
