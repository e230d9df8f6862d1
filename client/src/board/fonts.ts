/** The bundled font, loaded before the canvas measures any text. No React here: sync/early.ts starts it. */
export const FONT_FAMILY = 'Noto Sans';

let fontsReady = false;
let fontsLoading: Promise<boolean> | null = null;

/** True once loadFonts found every face the canvas draws. */
export function fontsLoaded(): boolean {
  return fontsReady;
}

/**
 * Loads the bundled font in every weight the canvas draws. The page starts it first thing
 * (sync/early.ts), so the download overlaps the link check and the document sync instead of
 * following them. A load that found no matching font face (styles not there yet) is tried again by
 * the next caller.
 */
export function loadFonts(): Promise<boolean> {
  fontsLoading ??= Promise.all(
    [`400 16px "${FONT_FAMILY}"`, `700 16px "${FONT_FAMILY}"`, `italic 400 16px "${FONT_FAMILY}"`].map((font) => document.fonts.load(font, 'AaĄąŁłŐőĀāЖжЩщ')),
  ).then(
    (faces) => {
      if (faces.some((found) => found.length === 0)) fontsLoading = null;
      else if (!fontsReady) {
        fontsReady = true;
        performance.mark('causeway:fonts');
      }
      return true;
    },
    () => true,
  );
  return fontsLoading;
}
