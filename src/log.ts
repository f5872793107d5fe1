import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * Where credentials can sit in what is logged: the configuration (connection strings, S3
 * keys, the dashboard token) and HTTP requests (Authorization header, cookies).
 */
export const REDACTED_PATHS = [
  'redisUrl',
  'databaseUrl',
  'password',
  'secret',
  'token',
  'accessKeyId',
  'secretAccessKey',
  'authorization',
  'cookie',
  '*.redisUrl',
  '*.databaseUrl',
  '*.password',
  '*.secret',
  '*.token',
  '*.accessKeyId',
  '*.secretAccessKey',
  '*.*.token',
  '*.*.accessKeyId',
  '*.*.secretAccessKey',
  'req.headers.authorization',
  'req.headers.cookie',
];

/**
 * The process logger. Credentials never reach the log: connection strings and secrets are
 * redacted wherever they appear in a logged object (REDACTED_PATHS). Logs go to stderr by
 * default: stdout belongs to commands that print data.
 */
export function createLogger(level: string, name = 'nianbao', destination: DestinationStream = pino.destination(2)): Logger {
  return pino({ name, level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, destination);
}
