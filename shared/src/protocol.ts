/**
 * Largest WebSocket message the server accepts (S25; larger ones close the connection with 1009).
 * A single change bigger than this cannot reach the server, so the board refuses to make one.
 */
export const MAX_FRAME_BYTES = 2 * 1024 * 1024;
