import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { findLinks, linkFound } from '../../src/background/links';
import { linkPaper, splitLinks } from '../../src/shared/code-links';
import type { FoundPaper } from '../../src/shared/paper';

const found: FoundPaper = {
  id: 'arxiv:2501.00001',
  title: 'A paper',
  authors: [],
  url: 'https://arxiv.org/abs/2501.00001',
  source: 'arxiv',
  abstract: 'Code will be released at https://github.com/lab/repo and data at https://zenodo.org/records/9.',
  links: {
    urls: ['github.com/Lab/Repo.git', 'https://arxiv.org/abs/2501.00001', 'https://lab.github.io/paper/'],
    texts: ['Weights: https://huggingface.co/lab/model'],
  },
};

describe('linkPaper', () => {
  it('reads URLs first, then the abstract, then the other texts, merged and de-duplicated, code first, and drops the sources', () => {
    const paper = linkPaper(found);
    expect(paper).not.toHaveProperty('links');
    expect(paper.codeLinks.map((link) => [link.url, link.kind, link.status])).toEqual([
      ['https://github.com/Lab/Repo', 'code', 'available'],
      // Written last, but code: before the project page and the data (the card's `o` opens the first).
      ['https://huggingface.co/lab/model', 'code', 'available'],
      ['https://lab.github.io/paper', 'project', 'available'],
      // The promise covers the whole clause; the repository's promise gives way to its JSON link.
      ['https://zenodo.org/records/9', 'data', 'promised'],
    ]);
  });

  it('folds the white space of the abstract and texts as read from the page, and drops an abstract of white space only', () => {
    const abstract = '\n      Code at\n      https://github.com/lab/repo and\tmore.\n    ';
    const paper = linkPaper({ ...found, abstract, links: { urls: [], texts: ['\n Weights:\n https://huggingface.co/lab/model \n'] } });
    expect(paper.abstract).toBe('Code at https://github.com/lab/repo and more.');
    expect(paper.codeLinks.map((link) => link.url)).toEqual(['https://github.com/lab/repo', 'https://huggingface.co/lab/model']);
    expect(linkPaper({ ...found, abstract: ' \n\t ' })).not.toHaveProperty('abstract');
  });

  it('applies the length limit to the folded abstract: indentation as read does not drop it', () => {
    const words = Array.from({ length: 9000 }, () => 'word').join('\n          ');
    expect(words.length).toBeGreaterThan(100_000);
    const [paper] = linkFound([{ ...found, abstract: words }]);
    expect(paper!.abstract).toHaveLength(9000 * 5 - 1);
  });

  it('ignores sources that are not strings, as a message from a page may carry', () => {
    const hostile = { ...found, abstract: 7, links: { urls: [42, null, { url: 'https://github.com/x/y' }, 'javascript:alert(1)'], texts: 'https://github.com/x/y' } };
    expect(linkPaper(hostile as unknown as FoundPaper).codeLinks).toEqual([]);
    expect(linkPaper({ ...found, abstract: undefined, links: undefined } as unknown as FoundPaper).codeLinks).toEqual([]);
    expect(linkFound([null, 'x', found])).toMatchObject([undefined, undefined, { id: found.id }]);
    expect(linkFound('not a list')).toEqual([]);
  });

  it('reads no more sources than it would store: 200 URLs and 20 texts a paper, texts and abstracts up to 100 000 characters', () => {
    const urls = Array.from({ length: 300 }, (_, k) => `https://github.com/owner/repo${k}`);
    const long = `https://github.com/too/long ${'x'.repeat(100_001)}`;
    const [paper] = linkFound([{ ...found, abstract: long, links: { urls, texts: [long, 'https://github.com/short/text'] } }]);
    expect(paper!.codeLinks.map((link) => link.url)).toEqual([...urls.slice(0, 200), 'https://github.com/short/text']);
  });
});

describe('findLinks (the background call behind in-page highlighting)', () => {
  it('gives the kind of each URL and the extent of each link written in each text, as splitLinks does', () => {
    const text = 'Project: lab.github.io/p. Code (coming soon): https://github.com/a/b}';
    const reply = findLinks({ urls: ['https://github.com/a/b', 'https://arxiv.org/abs/1', 7], texts: [text, 'no links', null] });
    expect(reply.urls).toEqual(['code', null, null]);
    const expected = splitLinks(text).flatMap((segment, index, all) => {
      if (!segment.link) return [];
      const start = all.slice(0, index).reduce((sum, part) => sum + part.text.length, 0);
      return [[start, start + segment.text.length, segment.link.url, segment.link.kind]];
    });
    expect(reply.texts).toEqual([expected, [], []]);
    expect(expected).toHaveLength(2);
  });

  it('answers nothing for anything but lists', () => {
    expect(findLinks(undefined)).toEqual({ urls: [], texts: [] });
    expect(findLinks({ urls: 'https://github.com/a/b', texts: {} })).toEqual({ urls: [], texts: [] });
  });
});

describe('the content scripts', () => {
  // The engine is the largest module the page would load; the background runs it instead.
  it.each(['src/content/huggingface.ts', 'src/content/arxiv.ts', 'src/content/generic.ts'])('%s does not bundle the code-link engine', async (entry) => {
    const result = await build({ entryPoints: [entry], bundle: true, write: false, metafile: true, format: 'iife', loader: { '.css': 'text' }, logLevel: 'silent' });
    expect(Object.keys(result.metafile.inputs).filter((input) => input.includes('code-links'))).toEqual([]);
  });
});
