/**
 * The server process: configuration from the environment, and a clean stop on SIGINT/SIGTERM
 * (stop accepting, store every room, close sockets with 1001, exit 0 within 5 s).
 */
import { configFromEnv } from './config.ts';
import { startServer } from './http.ts';

const EXIT_DEADLINE_MS = 5_000;

const server = await startServer(configFromEnv(process.env));
process.stdout.write(`\nCauseway is running at ${server.url}\n\n`);

let stopping = false;
function stop(signal: string): void {
  if (stopping) return;
  stopping = true;
  process.stdout.write(`${signal}: storing every room and stopping\n`);
  const deadline = setTimeout(() => {
    process.stderr.write('Stopping took too long; exiting\n');
    process.exit(1);
  }, EXIT_DEADLINE_MS);
  deadline.unref();
  server.close().then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`Stopping failed: ${String(err)}\n`);
      process.exit(1);
    },
  );
}

process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
