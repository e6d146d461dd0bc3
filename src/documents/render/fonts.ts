import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The one font family of the PDF and the DOCX: Noto Sans (SIL Open Font License 1.1, the licence
 * in the package's LICENSE_FONT), shipped by the npm package @expo-google-fonts/noto-sans, so a
 * render never depends on the fonts of the machine. It has å ä ö, the narrow no-break space
 * (U+202F) and the minus sign (U+2212) that every number uses.
 */
export const FONT_FAMILY = 'Noto Sans';

const FILES = [
  '400Regular/NotoSans_400Regular.ttf',
  '400Regular_Italic/NotoSans_400Regular_Italic.ttf',
  '700Bold/NotoSans_700Bold.ttf',
  '700Bold_Italic/NotoSans_700Bold_Italic.ttf',
];

function packageDir(): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve('@expo-google-fonts/noto-sans/package.json'));
}

/** The regular, italic, bold and bold italic faces, read from the package. */
export function fontFiles(): Buffer[] {
  const dir = packageDir();
  return FILES.map((file) => readFileSync(join(dir, file)));
}
