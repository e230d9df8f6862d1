export interface SharedResult {
  lines: string[];
}
export async function benchShared(_quick: boolean): Promise<SharedResult> {
  throw new Error('not built yet');
}
