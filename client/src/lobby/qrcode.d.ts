// The qrcode package ships no types; only the call used here is declared.
declare module 'qrcode' {
  interface QrOptions {
    errorCorrectionLevel?: 'L' | 'M' | 'Q' | 'H';
    margin?: number;
    width?: number;
    color?: { dark?: string; light?: string };
  }
  export function toDataURL(text: string, options?: QrOptions): Promise<string>;
  const qrcode: { toDataURL: typeof toDataURL };
  export default qrcode;
}
