import { describe, expect, it } from 'vitest';
import type { PaperRecord } from '../../../src/store/db';
import { CSV_COLUMNS, SPREADSHEET_CELL_LIMIT, csvCell, csvExport, toCsv } from '../../../src/store/export/csv';
import type { LibraryEntry } from '../../../src/store/query';
import type { Annotation } from '../../../src/shared/annotation';

/** A strict RFC 4180 reader: CRLF records, quoted fields with doubled quotes; anything else fails. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    let field = '';
    if (text[i] === '"') {
      i += 1;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted field');
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
          } else {
            i += 1;
            break;
          }
        } else field += text[i++];
      }
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') {
        if (text[i] === '"') throw new Error(`bare quote at ${i}`);
        field += text[i++];
      }
    }
    row.push(field);
    if (text[i] === ',') i += 1;
    else if (text.startsWith('\r\n', i)) {
      rows.push(row);
      row = [];
      i += 2;
    } else if (i < text.length) throw new Error(`unexpected ${JSON.stringify(text[i])} at ${i}`);
  }
  if (row.length > 0) throw new Error('last record has no CRLF');
  return rows;
}

function entry(n: number, paper: Partial<PaperRecord> = {}, annotation?: Partial<Annotation>): LibraryEntry {
  const id = `arxiv:2401.${String(n).padStart(5, '0')}` as const;
  const out: LibraryEntry = {
    paper: {
      id,
      title: `Paper ${n}`,
      authors: ['Ada Lovelace', 'Alan Turing'],
      arxivId: id.slice(6),
      url: `https://arxiv.org/abs/${id.slice(6)}`,
      codeLinks: [
        { url: 'https://github.com/a/b', host: 'github', kind: 'code', status: 'available', label: 'a/b' },
        { url: 'https://a.org/x', host: 'other', kind: 'project', status: 'available', label: 'a.org' },
      ],
      source: 'arxiv',
      date: '2024-01-05',
      firstSeenAt: 0,
      lastSeenAt: 0,
      seenOn: [],
      createdAt: 1_704_067_200_000,
      updatedAt: 1_704_067_200_000,
      ...paper,
    },
  };
  if (annotation) out.annotation = { id, note: '', tags: [], status: 'none', createdAt: 1_704_153_600_000, updatedAt: 1_704_240_000_000, ...annotation };
  return out;
}

describe('csvCell', () => {
  it('neutralises formula starts and quotes what RFC 4180 requires', () => {
    expect(csvCell("=cmd|' /C calc'!A0")).toBe("'=cmd|' /C calc'!A0");
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-5')).toBe("'-5");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\t=1')).toBe("'\t=1");
    expect(csvCell('\r=1')).toBe('"\'\r=1"');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('x=1')).toBe('x=1');
    expect(csvCell('')).toBe('');
  });
});

describe('toCsv', () => {
  it('writes a BOM, a header, CRLF rows sorted by id, and round-trips through a strict parser', () => {
    const hostileNote = 'He said "no", then:\r\nline two\nline three, with comma\rCR only';
    const csv = toCsv([
      entry(2, { title: '=cmd|\' /C calc\'!A0' }, { note: hostileNote, tags: ['RL', 'vision models'], status: 'read' }),
      entry(1, { title: 'Ünïcödé 中文 "quoted", title', authors: ['@admin', '-Minus'] }),
    ]);
    expect(csv.startsWith('\ufeffid,title,authors,arxiv_id,doi,url,date,code_links,tags,status,note,created,updated\r\n')).toBe(true);
    const rows = parseCsv(csv.slice(1));
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(row).toHaveLength(CSV_COLUMNS.length);
    expect(rows[1]).toEqual([
      'arxiv:2401.00001',
      'Ünïcödé 中文 "quoted", title',
      "'@admin; -Minus",
      '2401.00001',
      '',
      'https://arxiv.org/abs/2401.00001',
      '2024-01-05',
      'https://github.com/a/b https://a.org/x',
      '',
      'none',
      '',
      '2024-01-01T00:00:00.000Z',
      '2024-01-01T00:00:00.000Z',
    ]);
    const row2 = rows[2]!;
    expect(row2[1]).toBe("'=cmd|' /C calc'!A0");
    expect(row2[8]).toBe('RL; vision models');
    expect(row2[9]).toBe('read');
    expect(row2[10]).toBe(hostileNote);
    expect(row2.slice(11)).toEqual(['2024-01-02T00:00:00.000Z', '2024-01-03T00:00:00.000Z']);
  });

  it('leaves no cell that a spreadsheet would evaluate', () => {
    const starts = ['=', '+', '-', '@', '\t', '\r'];
    const csv = toCsv(starts.map((start, i) => entry(i, { title: `${start}HYPERLINK("http://evil")` }, { note: `${start}1+1` })), { bom: false });
    for (const row of parseCsv(csv).slice(1)) {
      for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    }
  });

  it('keeps notes longer than a spreadsheet cell whole, and counts the papers that have one', () => {
    const long = 'x'.repeat(99_000);
    const entries = [
      entry(1, {}, { note: long }),
      entry(2, {}, { note: 'y'.repeat(SPREADSHEET_CELL_LIMIT) }),
      // The formula guard's apostrophe makes this one a character too long.
      entry(3, {}, { note: `-${'z'.repeat(SPREADSHEET_CELL_LIMIT - 1)}` }),
      entry(4, {}, { note: 'short' }),
      entry(5, { authors: Array.from({ length: 3000 }, (_, i) => `Author Number ${i}`) }),
    ];
    const { text, longCellPapers } = csvExport(entries, { bom: false });
    expect(longCellPapers).toBe(3);
    // Every row whole: the long note and the 3 000 authors read back as written.
    const rows = parseCsv(text);
    expect(rows).toHaveLength(6);
    expect(rows[1]![CSV_COLUMNS.indexOf('note')]).toBe(long);
    expect(rows[5]![CSV_COLUMNS.indexOf('authors')]!.length).toBeGreaterThan(SPREADSHEET_CELL_LIMIT);
    expect(csvExport([entry(4, {}, { note: 'short' })]).longCellPapers).toBe(0);
  });

  it('is deterministic and can leave out the BOM', () => {
    const entries = [entry(3, {}, { note: 'x' }), entry(1), entry(2)];
    expect(toCsv(entries)).toBe(toCsv([...entries].reverse()));
    expect(toCsv([], { bom: false })).toBe(`${CSV_COLUMNS.join(',')}\r\n`);
  });
});
