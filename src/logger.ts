/** Structured JSON logs (pino); pretty-printed when LOG_PRETTY=true for a developer's terminal. */
import pino, { Logger } from 'pino';
import type { Config } from './config';

export type { Logger };

/** The service logs to standard output; command-line tools pass toStderr so that their output stays clean. */
export function createLogger(
  config: Pick<Config, 'log' | 'env'>,
  options: { toStderr?: boolean } = {},
): Logger {
  if (options.toStderr && !config.log.pretty) {
    return pino(
      { level: config.log.level, base: { service: 'stakeholder-graph' } },
      pino.destination({ dest: 2, sync: true }),
    );
  }
  return pino({
    level: config.log.level,
    base: { service: 'stakeholder-graph' },
    redact: {
      paths: ['req.headers.authorization', '*.password', '*.contact'],
      censor: '[redacted]',
    },
    ...(config.log.pretty
      ? { transport: { target: 'pino-pretty', options: { colorize: true } } }
      : {}),
  });
}
