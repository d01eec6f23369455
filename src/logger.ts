/** Structured JSON logs (pino); pretty-printed when LOG_PRETTY=true for a developer's terminal. */
import pino, { Logger } from 'pino';
import type { Config } from './config';

export type { Logger };

export function createLogger(config: Pick<Config, 'log' | 'env'>): Logger {
  return pino({
    level: config.log.level,
    base: { service: 'stakeholder-graph' },
    redact: { paths: ['req.headers.authorization', '*.password', '*.contact'], censor: '[redacted]' },
    ...(config.log.pretty ? { transport: { target: 'pino-pretty', options: { colorize: true } } } : {}),
  });
}
