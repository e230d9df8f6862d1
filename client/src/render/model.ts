// The render model lives in shared/ (shared/src/render/model.ts) so the server's exporters draw
// from the same model as the board. Import it from '@causeway/shared'.
export * from '@causeway/shared';
