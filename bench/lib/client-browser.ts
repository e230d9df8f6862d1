export interface ClientResult {
  lines: string[];
}
export async function benchClient(_quick: boolean): Promise<ClientResult> {
  throw new Error('not built yet');
}
