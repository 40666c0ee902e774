/**
 * The ways a file on disk goes bad, as one table shared by the settings file and the history
 * file, so both are proved against the same list (each test file maps every kind to what it
 * expects, with `satisfies Record<CorruptionKind, ...>`: a kind added here fails to compile
 * until both say what should happen).
 */

export const CORRUPTION_KINDS = [
  /** Cut off mid-write by a crash or a full disk (no atomic save, or an editor's). */
  'truncated',
  /** Not text at all: another program's bytes, a bad sector. */
  'garbage',
  /** Zero bytes: created but never written. */
  'empty',
  /** As long as the file was, all NUL: ext4 and others after a power cut with delayed allocation. */
  'zero-filled',
  /** Valid JSON, but not an object. */
  'not-an-object',
  /** An object of the right kind with one top-level field of the wrong type (a hand edit). */
  'wrong-field-type',
  /** One entry inside it broken (a service, a series), the rest sound. */
  'damaged-entry',
  /** Written by a newer Downwatch: a format this one does not know. */
  'future-version',
] as const;

export type CorruptionKind = (typeof CORRUPTION_KINDS)[number];

/** A sound file and how to break its document in the file-specific ways. */
export interface SoundFile {
  readonly bytes: Buffer;
  readonly document: Readonly<Record<string, unknown>>;
  /** The document with one top-level field of the wrong type. */
  readonly wrongFieldType: (document: Readonly<Record<string, unknown>>) => unknown;
  /** The document with one entry broken and the rest left alone. */
  readonly damagedEntry: (document: Readonly<Record<string, unknown>>) => unknown;
}

/** Fixed bytes that are neither UTF-8 nor JSON. */
const GARBAGE = Buffer.from([0xff, 0xfe, 0x00, 0x42, 0x13, 0x37, 0x8f, 0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28]);

function json(value: unknown): Buffer {
  return Buffer.from(`${JSON.stringify(value, null, 2)}\n`);
}

/** The bytes of `file` gone bad in the given way. */
export function corrupt(kind: CorruptionKind, file: SoundFile): Buffer {
  switch (kind) {
    case 'truncated':
      return file.bytes.subarray(0, Math.floor(file.bytes.length * 0.6));
    case 'garbage':
      return GARBAGE;
    case 'empty':
      return Buffer.alloc(0);
    case 'zero-filled':
      return Buffer.alloc(file.bytes.length);
    case 'not-an-object':
      return json(['github', 'slack']);
    case 'wrong-field-type':
      return json(file.wrongFieldType(file.document));
    case 'damaged-entry':
      return json(file.damagedEntry(file.document));
    case 'future-version': {
      const version = file.document.version;
      if (typeof version !== 'number') throw new Error('the sound file has no version');
      return json({ ...file.document, version: version + 1 });
    }
  }
}
