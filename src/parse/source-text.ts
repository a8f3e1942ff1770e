/**
 * Python source bytes to text, the way the interpreter reads them: UTF-8 unless a PEP 263 coding
 * declaration on line 1 or 2 says otherwise, with a leading BOM dropped.
 */
export interface DecodedSource {
  text: string;
  /** Set when the bytes could not be read as declared; the text then holds replacement characters. */
  encodingProblem?: string;
}

const CODING_DECLARATION = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;
const UTF8_NAMES = new Set(['utf-8', 'utf8', 'utf_8', 'utf-8-sig', 'utf_8_sig']);

export function declaredEncoding(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.subarray(0, 512)).toString('latin1').split(/\r?\n/, 2);
  for (const line of head) {
    const match = CODING_DECLARATION.exec(line);
    if (match) return match[1]!.toLowerCase();
    if (!/^\s*(#.*)?$/.test(line)) break;
  }
  return undefined;
}

/** Python's names for ISO-8859-1, which maps every byte to the code point of the same value. */
const LATIN1_NAMES = new Set([
  'latin-1',
  'latin_1',
  'latin1',
  'iso-8859-1',
  'iso8859-1',
  'iso_8859_1',
  'l1',
  '8859',
  'cp819',
]);

/** Python codec names that WHATWG's TextDecoder spells differently. */
const CODEC_ALIASES: Record<string, string> = {
  cp1252: 'windows-1252',
  cp1251: 'windows-1251',
  cp1250: 'windows-1250',
};

export function decodePythonSource(bytes: Uint8Array): DecodedSource {
  const declared = declaredEncoding(bytes);
  // TextDecoder's "latin1" is windows-1252, which differs from Python's latin-1 in 0x80-0x9F.
  if (declared && LATIN1_NAMES.has(declared)) return { text: Buffer.from(bytes).toString('latin1') };
  const encoding =
    declared && !UTF8_NAMES.has(declared) ? (CODEC_ALIASES[declared] ?? declared.replace(/_/g, '-')) : 'utf-8';
  let decoder: InstanceType<typeof TextDecoder>;
  try {
    decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: false });
  } catch {
    return {
      text: new TextDecoder('utf-8').decode(bytes),
      encodingProblem: `declares the unknown encoding "${declared}"; read as UTF-8`,
    };
  }
  try {
    return { text: decoder.decode(bytes) };
  } catch {
    return {
      text: new TextDecoder(encoding).decode(bytes),
      encodingProblem: declared
        ? `is not valid ${declared} as its coding declaration says; undecodable bytes were replaced`
        : 'is not valid UTF-8 (and declares no other encoding); undecodable bytes were replaced',
    };
  }
}
