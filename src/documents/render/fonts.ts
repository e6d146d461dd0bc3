import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The font family of the PDF and the DOCX: Noto Sans (SIL Open Font License 1.1, the licence in
 * the package's LICENSE_FONT), shipped by the npm package @expo-google-fonts/noto-sans, so a
 * render never depends on the fonts of the machine. It has å ä ö, the narrow no-break space
 * (U+202F) and the minus sign (U+2212) that every number uses.
 */
export const FONT_FAMILY = 'Noto Sans';

/**
 * For the characters Noto Sans lacks that a text may well hold (→, ≤, ≥, ✓, box drawing): DejaVu
 * Sans (Bitstream Vera licence, DejaVu changes public domain; npm package dejavu-fonts-ttf).
 */
export const FALLBACK_FONT_FAMILY = 'DejaVu Sans';

const FILES = [
  '400Regular/NotoSans_400Regular.ttf',
  '400Regular_Italic/NotoSans_400Regular_Italic.ttf',
  '700Bold/NotoSans_700Bold.ttf',
  '700Bold_Italic/NotoSans_700Bold_Italic.ttf',
];

const FALLBACK_FILES = ['ttf/DejaVuSans.ttf', 'ttf/DejaVuSans-Bold.ttf'];

function packageDir(name: string): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve(`${name}/package.json`));
}

/** Noto Sans's regular, italic, bold and bold italic faces and DejaVu Sans's regular and bold. */
export function fontFiles(): Buffer[] {
  const noto = packageDir('@expo-google-fonts/noto-sans');
  const dejavu = packageDir('dejavu-fonts-ttf');
  return [
    ...FILES.map((file) => readFileSync(join(noto, file))),
    ...FALLBACK_FILES.map((file) => readFileSync(join(dejavu, file))),
  ];
}
