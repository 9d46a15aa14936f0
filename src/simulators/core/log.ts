/** Simulator logs go to stderr as JSON lines; stdout is reserved for the URL lines of the CLI. */
export interface SimLogger {
  info(message: string): void;
  warn(message: string): void;
}

export function createSimLogger(provider: string, quiet = false): SimLogger {
  const write = (level: string, message: string) => {
    if (quiet) return;
    process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level, provider, message })}\n`);
  };
  return { info: (message) => write('info', message), warn: (message) => write('warn', message) };
}
