import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * The process logger. Credentials never reach the log: connection strings and secrets are
 * redacted wherever they appear in a logged object.
 */
export function createLogger(level: string, name = 'nianbao'): Logger {
  return pino(
    {
      name,
      level,
      redact: {
        paths: ['redisUrl', '*.redisUrl', 'config.redisUrl', 'password', '*.password', 'secret', '*.secret', 'token', '*.token'],
        censor: '[redacted]',
      },
      // Logs go to stderr: stdout belongs to commands that print data.
    },
    pino.destination(2),
  );
}
