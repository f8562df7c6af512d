import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PaperRecord } from '../../../src/store/db';
import {
  obsidianTag,
  toMarkdownDigest,
  toMarkdownFile,
  toMarkdownFiles,
  toMarkdownZip,
  yamlEscaped,
  yamlString,
} from '../../../src/store/export/markdown';
import type { LibraryEntry } from '../../../src/store/query';
import type { Annotation } from '../../../src/shared/annotation';
import { seededRandom } from '../../helpers/random';

const hasUnzip = (() => {
  try {
    execFileSync('unzip', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

function record(overrides: Partial<PaperRecord> = {}): PaperRecord {
  return {
    id: 'arxiv:2407.21783',
    title: 'The Llama 3 Herd of Models',
    authors: ['Abhimanyu Dubey', 'Abhinav Jauhri'],
    arxivId: '2407.21783',
    url: 'https://arxiv.org/abs/2407.21783',
    codeLinks: [{ url: 'https://github.com/meta-llama/llama3', host: 'github', kind: 'code', status: 'available', label: 'meta-llama/llama3' }],
    source: 'arxiv',
    date: '2024-07-31',
    firstSeenAt: 1_722_400_000_000,
    lastSeenAt: 1_722_400_000_000,
    seenOn: ['arxiv'],
    createdAt: 1_722_400_000_000,
    updatedAt: 1_722_400_000_000,
    ...overrides,
  };
}

function note(overrides: Partial<Annotation> = {}): Annotation {
  return {
    id: 'arxiv:2407.21783',
    note: '## My notes\n\n- read §3\n- compare with $\\alpha$-net\n',
    tags: ['RL', 'diffusion models', 'a:b/c#d'],
    status: 'to-read',
    createdAt: 1_722_500_000_000,
    updatedAt: 1_722_600_000_000,
    ...overrides,
  };
}

const entry: LibraryEntry = { paper: record(), annotation: note() };

/** The front matter as key → raw value lines, decoding YAML double-quoted scalars with JSON.parse (same escapes). */
function frontMatter(text: string): Record<string, string | string[]> {
  const match = /^---\n([\s\S]*?)\n---\n/.exec(text);
  expect(match).not.toBeNull();
  const out: Record<string, string | string[]> = {};
  let list: string[] | undefined;
  for (const line of match![1]!.split('\n')) {
    const item = /^ {2}- (".*")$/.exec(line);
    if (item) {
      list!.push(JSON.parse(item[1]!) as string);
      continue;
    }
    const pair = /^([a-z]+):(?: (.*))?$/.exec(line);
    expect(pair, `unexpected front matter line ${line}`).not.toBeNull();
    const [, key, value] = pair!;
    if (value === undefined || value === '[]') out[key!] = list = [];
    else out[key!] = value.startsWith('"') ? (JSON.parse(value) as string) : value;
  }
  return out;
}

async function loadYaml(): Promise<{ load(text: string): unknown } | undefined> {
  // js-yaml arrives with the lint tooling; the test checks with a real YAML parser when it is there.
  const name = 'js-yaml';
  return import(/* @vite-ignore */ name).then((module: { default?: { load(text: string): unknown } }) => module.default, () => undefined);
}

describe('yamlString', () => {
  it('quotes everything YAML would otherwise read as syntax, and escapes breaks and controls', async () => {
    const hostile = [
      'key: value',
      '- list',
      '# comment',
      '@handle',
      '"quoted" and \\backslash\\',
      'line\nbreak\r\nand\ttab',
      'yes',
      '123',
      '*alias &anchor !tag |pipe >fold %dir `tick`',
      '中文 العربية עברית 👩‍👩‍👧 é (e\u0301)',
      'bell\u0007 nel\u0085 ls\u2028 ps\u2029 bom\ufeff',
      '',
    ];
    const yaml = await loadYaml();
    for (const value of hostile) {
      const quoted = yamlString(value);
      expect(quoted).not.toMatch(/[\n\r\u0085\u2028\u2029]/);
      expect(JSON.parse(quoted)).toBe(value);
      if (yaml) expect(yaml.load(`k: ${quoted}`)).toEqual({ k: value });
    }
  });

  it('replaces lone surrogates, which YAML cannot hold', () => {
    expect(yamlString('a\ud800b')).toBe('"a\ufffdb"');
  });

  it('gives what escaping code point by code point gives, on 20 000 random strings', () => {
    // The fast path for strings that need no escape must never differ from the escaping itself.
    const alphabet = ['a', 'Z', ' ', '"', '\\', '\n', '\t', '\r', '\u0000', '\u001f', '\u007f', '\u0085', '\u009f', '\u00a0', 'é', '中', '\u2028', '\u2029', '\ufeff', '\ud83d', '\ude00', '😀', ':', '#'];
    const { int: random } = seededRandom(7);
    for (let n = 0; n < 20_000; n++) {
      const value = Array.from({ length: n % 12 }, () => alphabet[random(alphabet.length)]).join('');
      expect(yamlString(value), JSON.stringify(value)).toBe(yamlEscaped(value));
    }
  });
});

describe('obsidianTag', () => {
  it('turns spaces and signs into hyphens and keeps letters of every script', () => {
    expect(obsidianTag('diffusion models')).toBe('diffusion-models');
    expect(obsidianTag('a:b/c#d')).toBe('a-b/c-d');
    expect(obsidianTag('  -- RL!! ')).toBe('RL');
    expect(obsidianTag('機械学習')).toBe('機械学習');
    expect(obsidianTag('2024')).toBe('_2024');
  });

  it('keeps distinct tags distinct: signs are spelled, a tag of signs or emoji alone becomes its code points', () => {
    expect(obsidianTag('C#')).toBe('C-sharp');
    expect(obsidianTag('C++')).toBe('C-plus-plus');
    expect(obsidianTag('R&D')).toBe('R-and-D');
    expect(obsidianTag('🔥')).toBe('u1f525');
    expect(obsidianTag('!!!')).toBe('u21-21-21');
    expect(obsidianTag('  ')).toBe('');
    const tags = ['C', 'C#', 'C++', 'F#', '🔥', '!!!', '👍', '2024'];
    const written = tags.map(obsidianTag);
    expect(new Set(written.map((tag) => tag.toLowerCase())).size).toBe(tags.length);
    for (const tag of written) expect(tag).toMatch(/^(?!\d+$)[\p{L}\p{N}\p{M}_\-/]+$/u);
  });
});

describe('toMarkdownFile', () => {
  it('writes front matter then the note verbatim', async () => {
    const file = toMarkdownFile(entry);
    expect(file.name).toBe('2407.21783 The Llama 3 Herd of Models.md');
    expect(file.text.endsWith('\n\n## My notes\n\n- read §3\n- compare with $\\alpha$-net\n')).toBe(true);
    expect(frontMatter(file.text)).toEqual({
      title: 'The Llama 3 Herd of Models',
      authors: ['Abhimanyu Dubey', 'Abhinav Jauhri'],
      arxiv: '2407.21783',
      url: 'https://arxiv.org/abs/2407.21783',
      code: ['https://github.com/meta-llama/llama3'],
      published: '2024-07-31',
      tags: ['RL', 'diffusion-models', 'a-b/c-d'],
      keywords: ['RL', 'diffusion models', 'a:b/c#d'],
      status: 'to-read',
      created: '2024-08-01T08:13:20.000Z',
      updated: '2024-08-02T12:00:00.000Z',
    });
    const yaml = await loadYaml();
    if (yaml) {
      const parsed = yaml.load(/^---\n([\s\S]*?)\n---/.exec(file.text)![1]!) as Record<string, unknown>;
      expect(parsed.tags).toEqual(['RL', 'diffusion-models', 'a-b/c-d']);
      expect(parsed.title).toBe('The Llama 3 Herd of Models');
    }
  });

  it('lists every tag in tags:, none dropped or merged, and the library’s spellings in keywords: when any was rewritten', async () => {
    const tags = ['C', 'C#', 'C++', '🔥', '!!!', 'machine learning', '2024'];
    const file = toMarkdownFile({ paper: record(), annotation: note({ tags }) });
    const properties = frontMatter(file.text);
    expect(properties.tags).toEqual(['C', 'C-sharp', 'C-plus-plus', 'u1f525', 'u21-21-21', 'machine-learning', '_2024']);
    expect(properties.keywords).toEqual(tags);
    const yaml = await loadYaml();
    if (yaml) expect((yaml.load(/^---\n([\s\S]*?)\n---/.exec(file.text)![1]!) as { keywords: string[] }).keywords).toEqual(tags);
    // Tags Obsidian takes as they are need no second list.
    expect(frontMatter(toMarkdownFile({ paper: record(), annotation: note({ tags: ['RL', 'rl-theory/policy'] }) }).text)).not.toHaveProperty('keywords');
  });

  it('writes a whole date as a YAML date, and a year or a month alone as text', () => {
    expect(toMarkdownFile({ paper: record({ date: '2019' }) }).text).toContain('\npublished: "2019"\n');
    expect(toMarkdownFile({ paper: record({ date: '2019-07' }) }).text).toContain('\npublished: "2019-07"\n');
    expect(toMarkdownFile({ paper: record({ date: '2019-07-03' }) }).text).toContain('\npublished: 2019-07-03\n');
  });

  it('survives a hostile title, authors and links, and leaves out what is unknown', () => {
    const paper = record({
      id: 'doi:10.1000/x',
      arxivId: undefined,
      doi: '10.1000/x',
      title: '---\ntitle: "pwned"\n: @#- "$\\alpha$" 中文 👩‍👩‍👧',
      authors: ['- Mallory', '#not a comment'],
      codeLinks: [{ url: 'javascript:alert(1)', host: 'other', kind: 'code', status: 'available', label: 'x' }],
      url: 'javascript:alert(1)',
      date: undefined,
    });
    delete paper.arxivId;
    delete paper.date;
    const file = toMarkdownFile({ paper });
    const fields = frontMatter(file.text);
    expect(fields.title).toBe(paper.title);
    expect(fields.authors).toEqual(paper.authors);
    expect(fields.doi).toBe('10.1000/x');
    expect(fields.url).toBeUndefined();
    expect(fields.code).toBeUndefined();
    expect(fields.status).toBe('none');
    expect(fields.tags).toEqual([]);
    expect(file.text.split('\n---\n')).toHaveLength(2);
  });

  it('makes safe, bounded file names', () => {
    const cases: Array<[Partial<PaperRecord>, RegExp]> = [
      [{ title: 'A/B\\C: D*E?F"G<H>I|J #K ^L [M]' }, /^2407\.21783 A B C D E F G H I J K L M\.md$/],
      [{ id: 'arxiv:hep-th/9901001', arxivId: 'hep-th/9901001', title: 'Old' }, /^hep-th_9901001 Old\.md$/],
      [{ id: 'title:con', arxivId: undefined, title: 'CON' }, /^_CON\.md$/],
      [{ id: 'title:x', arxivId: undefined, title: '...' }, /^untitled\.md$/],
      [{ title: 'evil\u202eexe.txt\u0000\u0007' }, /^2407\.21783 evilexe\.txt\.md$/],
    ];
    for (const [overrides, expected] of cases) {
      const paper = record(overrides);
      if (overrides.arxivId === undefined && 'arxivId' in overrides) delete paper.arxivId;
      expect(toMarkdownFile({ paper }).name).toMatch(expected);
    }
    const long = toMarkdownFile({ paper: record({ title: 'word '.repeat(100) }) }).name;
    expect(long.length).toBeLessThanOrEqual(100);
    expect(long).toMatch(/^2407\.21783 word( word)*\.md$/);
    const cjk = toMarkdownFile({ paper: record({ title: '大規模言語モデル'.repeat(30) }) }).name;
    expect(new TextEncoder().encode(cjk).length).toBeLessThanOrEqual(210);
    const emoji = toMarkdownFile({ paper: record({ title: '👩‍👩‍👧'.repeat(60) }) }).name;
    // Cut between grapheme clusters, never inside a ZWJ sequence or a surrogate pair.
    expect(emoji).toMatch(/^2407\.21783 (👩‍👩‍👧)+\.md$/u);
  });
});

describe('toMarkdownFiles', () => {
  it('makes names unique case-insensitively with a hash of the id, deterministically', () => {
    const entries: LibraryEntry[] = ['title:b', 'title:a', 'title:c'].map((id, i) => {
      const paper = record({ id: id as PaperRecord['id'], title: i === 2 ? 'SAME title' : 'Same Title' });
      delete paper.arxivId;
      return { paper };
    });
    const names = toMarkdownFiles(entries).map((file) => file.name);
    expect(names[0]).toBe('Same Title.md');
    expect(names[1]).toMatch(/^Same Title ~[0-9a-z]{7}\.md$/);
    expect(names[2]).toMatch(/^SAME title ~[0-9a-z]{7}\.md$/);
    expect(new Set(names.map((name) => name.toLowerCase())).size).toBe(3);
    expect(toMarkdownFiles([...entries].reverse()).map((file) => file.name)).toEqual(names);
  });

  it('gives the same bytes twice, and the same bytes for unchanged papers when another changes', () => {
    const entries: LibraryEntry[] = Array.from({ length: 20 }, (_, i) => {
      const id = `2401.${String(i).padStart(5, '0')}`;
      return {
        paper: record({ id: `arxiv:${id}`, arxivId: id, title: `Paper ${i}` }),
        annotation: note({ id: `arxiv:${id}`, note: `note ${i}` }),
      };
    });
    const first = toMarkdownFiles(entries);
    expect(toMarkdownFiles(entries)).toEqual(first);
    expect(toMarkdownZip(entries)).toEqual(toMarkdownZip(entries));
    const changed = entries.map((e, i) => (i === 7 ? { ...e, annotation: note({ id: e.paper.id, note: 'edited' }) } : e));
    const second = toMarkdownFiles(changed);
    second.forEach((file, i) => {
      if (i === 7) expect(file.text).not.toBe(first[i]!.text);
      else expect(file).toEqual(first[i]);
    });
  });

  it.skipIf(!hasUnzip)('zips into files unzip extracts byte for byte', () => {
    const entries: LibraryEntry[] = [entry, { paper: record({ id: 'arxiv:2401.00001', arxivId: '2401.00001', title: '中文 標題 / עברית' }) }];
    const dir = mkdtempSync(join(tmpdir(), 'pm-md-'));
    try {
      writeFileSync(join(dir, 'notes.zip'), toMarkdownZip(entries));
      execFileSync('unzip', ['-q', 'notes.zip', '-d', 'out'], { cwd: dir });
      const files = toMarkdownFiles(entries);
      expect(readdirSync(join(dir, 'out')).sort()).toEqual(files.map((file) => file.name).sort());
      for (const file of files) expect(readFileSync(join(dir, 'out', file.name), 'utf8')).toBe(file.text);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('toMarkdownDigest', () => {
  it('lists papers by id with escaped titles, tags, code and quoted notes', () => {
    const other: LibraryEntry = {
      paper: record({ id: 'arxiv:2301.00001', arxivId: '2301.00001', title: 'A *bold* [link](x) <b>', url: 'https://x.org/a b', codeLinks: [] }),
    };
    const digest = toMarkdownDigest([entry, other], 'My # library');
    expect(digest).toBe(toMarkdownDigest([other, entry], 'My # library'));
    expect(digest.startsWith('# My \\# library\n\n2 papers.\n\n## A \\*bold\\* \\[link\\]\\(x\\) \\<b\\>\n')).toBe(true);
    expect(digest).toContain('## [The Llama 3 Herd of Models](<https://arxiv.org/abs/2407.21783>)');
    expect(digest).toContain('#RL #diffusion-models #a-b/c-d');
    expect(digest).toContain('Code: [meta-llama/llama3](<https://github.com/meta-llama/llama3>)');
    expect(digest).toContain('> ## My notes\n>\n> - read §3');
    expect(digest.endsWith('\n')).toBe(true);
  });
});
