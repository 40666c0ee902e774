/** What a command may touch of the outside world; the tests give it their own. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Whether stdout is a terminal (colour, widths). */
  readonly isTty: boolean;
  readonly columns: number;
}

/** Exit codes (issue 2): 0 all fine, 1 something degraded or worse, 2 usage or config error. */
export const EXIT_OK = 0;
export const EXIT_DISRUPTED = 1;
export const EXIT_USAGE = 2;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}
