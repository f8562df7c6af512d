/**
 * `paper-margin extract <saved.html> [--url <URL>] [--format json|jsonl|md]`: argument parsing, file
 * reading and exit codes around `extract.ts`. Exit 0 with the papers on stdout; exit 2 with one line
 * on stderr for a usage or input error (bad arguments, unreadable, empty or non-HTML file); exit 1
 * for a bug.
 */
import { readFileSync, statSync } from 'node:fs';
import { FORMATS, type Format, UNKNOWN_URL, extractFromHtml, formatPapers, parseWebUrl } from './extract';

const USAGE = `Usage: paper-margin extract <saved.html> [--url <original URL>] [--format json|jsonl|md]

Prints the research papers found on a saved web page, read by the same site adapters as the
Paper Margin extension (Hugging Face Papers, arXiv; any other page through the generic adapter:
citation meta tags, or a digest listing papers).

Options:
  --url <URL>        the address the page was saved from; it chooses the adapter
                     (default: the page's canonical or og:url address, else its "saved from"
                     comment, else the markup of a known site, else the generic adapter)
  --format <format>  json: an array of papers (default); jsonl: one paper per line;
                     md: a Markdown list
  -h, --help         print this help and exit
`;

/** A problem with the arguments or the input file: one line on stderr, exit code 2. */
class InputError extends Error {}

interface Options {
  file: string;
  url?: string;
  format: Format;
}

// Saved pages are rarely over 10 MB; reading a disk image by mistake should fail fast.
const MAX_BYTES = 64 * 1024 * 1024;
const SNIFF_BYTES = 1024;

function parseArgs(argv: readonly string[]): Options | 'help' {
  if (argv.some((arg) => arg === '--help' || arg === '-h')) return 'help';
  const positional: string[] = [];
  const values = new Map<string, string>();
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!;
    if (arg === '--') {
      positional.push(...argv.slice(index + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positional.push(arg);
      continue;
    }
    const [name, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg];
    if (name !== '--url' && name !== '--format') throw new InputError(`unknown option ${name} (see --help)`);
    if (values.has(name)) throw new InputError(`${name} given twice`);
    const value = inline ?? argv[++index];
    if (value === undefined || value === '') throw new InputError(`${name} needs a value`);
    values.set(name, value);
  }
  const [command, file, ...rest] = positional;
  if (command === undefined) throw new InputError('missing command: paper-margin extract <saved.html> (see --help)');
  if (command !== 'extract') throw new InputError(`unknown command ${command} (see --help)`);
  if (file === undefined) throw new InputError('missing file: paper-margin extract <saved.html>');
  if (rest.length) throw new InputError(`one file at a time (also given: ${rest.join(' ')})`);
  const format = values.get('--format') ?? 'json';
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw new InputError(`unknown format ${format}: use ${FORMATS.join(', ')}`);
  }
  const url = values.get('--url');
  if (url !== undefined && !parseWebUrl(url)) throw new InputError(`--url must be an absolute http(s) URL: ${url}`);
  const options: Options = { file, format: format as Format };
  if (url !== undefined) options.url = url;
  return options;
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return error instanceof Error ? error.message : String(error);
}

// Image, PDF and archive signatures: the common wrong files, named in the error.
const SIGNATURES: Array<[string, number[]]> = [
  ['a PNG image', [0x89, 0x50, 0x4e, 0x47]],
  ['a JPEG image', [0xff, 0xd8, 0xff]],
  ['a GIF image', [0x47, 0x49, 0x46, 0x38]],
  ['a PDF document', [0x25, 0x50, 0x44, 0x46]],
  ['a ZIP archive', [0x50, 0x4b, 0x03, 0x04]],
  ['a gzip archive', [0x1f, 0x8b]],
];

/**
 * The page's text, decoded as a browser would: a byte order mark wins (UTF-8 or UTF-16), then a
 * `<meta charset>` in its first KB, else UTF-8.
 */
function decode(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  // A UTF-8 mark outranks the page's own declaration (the decoder drops the mark).
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes);
  const head = bytes.subarray(0, SNIFF_BYTES).toString('latin1');
  const charset = /<meta[^>]{0,200}charset\s*=\s*["']?([\w.:-]{1,40})/i.exec(head)?.[1];
  if (charset) {
    try {
      const decoder = new TextDecoder(charset);
      // A page whose declaration could be read as ASCII is no UTF-16 page: the HTML standard reads a
      // declared UTF-16 as UTF-8 (and x-user-defined, which TextDecoder lacks, fails into UTF-8 below).
      if (!decoder.encoding.startsWith('utf-16')) return decoder.decode(bytes);
    } catch {
      // An unknown label: UTF-8, as browsers fall back to.
    }
  }
  return new TextDecoder('utf-8').decode(bytes);
}

function readPage(file: string): string {
  let size: number;
  try {
    const stat = statSync(file);
    if (stat.isDirectory()) throw new InputError(`${file} is a directory, not a saved page`);
    size = stat.size;
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`cannot read ${file}: ${reason(error)}`);
  }
  if (size > MAX_BYTES) throw new InputError(`${file} is too large for a saved page (${Math.round(size / 1048576)} MB)`);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new InputError(`cannot read ${file}: ${reason(error)}`);
  }
  if (bytes.length === 0) throw new InputError(`${file} is empty`);
  for (const [kind, signature] of SIGNATURES) {
    if (signature.every((byte, index) => bytes[index] === byte)) throw new InputError(`${file} is ${kind}, not an HTML page`);
  }
  const isUtf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  if (!isUtf16 && bytes.subarray(0, SNIFF_BYTES).includes(0)) throw new InputError(`${file} is a binary file, not an HTML page`);
  const text = decode(bytes);
  if (!text.slice(0, SNIFF_BYTES).includes('<')) {
    throw new InputError(`${file} does not look like an HTML page (no markup in its first KB)`);
  }
  return text;
}

function fail(message: string, code: number): void {
  process.stderr.write(`paper-margin: ${message.replace(/\s+/g, ' ').trim()}\n`);
  process.exitCode = code;
}

/** Runs the command line; sets `process.exitCode` rather than exiting, so piped output is flushed. */
export function main(argv: readonly string[]): void {
  // Adapters report a card they could not read on console.debug, which Node writes to stdout.
  console.debug = () => undefined;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    // `paper-margin extract page.html | head`: the reader left; nothing more to say.
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  try {
    const options = parseArgs(argv);
    if (options === 'help') {
      process.stdout.write(USAGE);
      return;
    }
    const html = readPage(options.file);
    const { papers, url } = extractFromHtml(html, options.url === undefined ? {} : { url: options.url });
    // Read, but without an address: paper links then point nowhere. Said on stderr, not failed.
    if (url === UNKNOWN_URL) process.stderr.write('paper-margin: the page does not say where it was saved from; read as a generic page (give --url for better links)\n');
    process.stdout.write(formatPapers(papers, options.format));
  } catch (error) {
    if (error instanceof InputError) fail(error.message, 2);
    else fail(`internal error: ${error instanceof Error ? error.message : String(error)}`, 1);
  }
}

main(process.argv.slice(2));
