// Entry of the PNG thread: its TypeScript runs through tsx, as the server's does (scripts/start.mjs).
import { register } from 'tsx/esm/api';

register();
await import('./png-thread.ts');
