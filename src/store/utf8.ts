/**
 * UTF-8 of a text given in pieces, each encoded alone: the bytes `TextEncoder` gives for the joined
 * text. A 10 000-paper export joined into one string holds a character outside Latin-1 somewhere,
 * and V8 then stores all of it two bytes a character: Chromium took 290–340 ms to encode such a
 * 13 MB CSL-JSON file, and 65–85 ms to encode its items one by one, most of them Latin-1 strings.
 */
export function utf8(pieces: readonly string[]): Uint8Array {
  let length = 0;
  for (const piece of pieces) length += piece.length;
  // Most of a library is ASCII, a byte a code unit; room for all of it at 3 bytes (the most a code
  // unit takes) would be 900 MB for the largest backup. The buffer grows when a piece does not fit.
  const out = new ByteWriter(Math.ceil(length * 1.25) + 16);
  for (let i = 0; i < pieces.length; i++) {
    let piece = pieces[i]!;
    // A surrogate pair cut between two pieces is one character of the text, not two U+FFFD.
    while (isHighSurrogate(piece.charCodeAt(piece.length - 1))) {
      let next = i + 1;
      while (next < pieces.length && pieces[next] === '') next++;
      if (next === pieces.length || !isLowSurrogate(pieces[next]!.charCodeAt(0))) break;
      piece += pieces[next]!;
      i = next;
    }
    out.text(piece);
  }
  return out.written();
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/**
 * Bytes written one after another into one buffer that grows when full; text goes straight in as
 * UTF-8 (`encodeInto`), without a buffer of its own to copy. The exports' files and the ZIP archive.
 */
export class ByteWriter {
  bytes: Uint8Array;
  length = 0;
  readonly #encoder = new TextEncoder();

  constructor(capacity: number) {
    this.bytes = new Uint8Array(capacity);
  }

  /** Room for `more` bytes after the end. */
  reserve(more: number): void {
    if (this.length + more <= this.bytes.length) return;
    const grown = new Uint8Array(Math.ceil(Math.max(this.bytes.length * 1.5, this.length + more)));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }

  /** Writes text as UTF-8; answers how many bytes that was. */
  text(text: string): number {
    const start = this.length;
    let rest = text;
    for (;;) {
      const { read, written } = this.#encoder.encodeInto(rest, this.bytes.subarray(this.length));
      this.length += written;
      if (read === rest.length) return this.length - start;
      // encodeInto stops before a character that does not fit, never inside a surrogate pair.
      rest = rest.slice(read);
      this.reserve(rest.length * 3);
    }
  }

  /** What has been written. */
  written(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }
}
