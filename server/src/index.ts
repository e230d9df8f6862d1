export { startServer } from './http.ts';
export type { RunningServer } from './http.ts';
export { DEFAULTS, configFromEnv, resolveConfig } from './config.ts';
export type { ServerConfig, ServerOptions } from './config.ts';
export { CLOSE, DENIED, MESSAGE_AUTH, MESSAGE_AWARENESS, MESSAGE_QUERY_AWARENESS, MESSAGE_SYNC } from './protocol.ts';
export { linkPaths, deriveTokens } from './workshops.ts';
