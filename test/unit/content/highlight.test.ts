// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { findLinks } from '../../../src/background/links';
import { highlightLinks } from '../../../src/content/highlight';

const calls = vi.hoisted(() => ({ count: 0 }));

// The background's answer, computed by the background's own code: only the message hop is left out.
vi.mock('../../../src/shared/call', () => ({
  callBackground: async (name: string, req: Parameters<typeof findLinks>[0]) => {
    if (name !== 'findLinks') throw new Error(`unexpected call ${name}`);
    calls.count++;
    return structuredClone(findLinks(req));
  },
}));

function abstract(html: string): HTMLElement {
  const element = document.createElement('p');
  // Test input only: the code under test never parses HTML.
  element.innerHTML = html;
  document.head.replaceChildren();
  document.body.replaceChildren(element);
  return element;
}

describe('highlightLinks', () => {
  it('turns a code link written as text into a link and keeps the text exactly', async () => {
    const element = abstract('Code is at https://github.com/Bluefin-Tuna/WISER. More soon.');
    const before = element.textContent;
    await highlightLinks(element);
    const link = element.querySelector('a[data-paper-margin-link]')!;
    expect(link.getAttribute('href')).toBe('https://github.com/Bluefin-Tuna/WISER');
    expect(link.getAttribute('data-paper-margin-link')).toBe('code');
    expect(element.textContent).toBe(before);
    expect(document.querySelector('style[data-paper-margin-link]')).not.toBeNull();
  });

  it('marks links the page already has, and leaves their text alone', async () => {
    const element = abstract('See <a href="https://github.com/a/b">this https URL</a> and <a href="https://arxiv.org/abs/2401.00001">a paper</a>.');
    await highlightLinks(element);
    expect([...element.querySelectorAll('a[data-paper-margin-link]')].map((a) => a.textContent)).toEqual(['this https URL']);
  });

  it('never makes a link of javascript: or markup in the text', async () => {
    const element = abstract('Try javascript:alert(1) or &lt;a href="https://github.com/x/y"&gt;');
    await highlightLinks(element);
    expect(element.querySelector('script')).toBeNull();
    for (const anchor of element.querySelectorAll('a')) expect(anchor.getAttribute('href')).toMatch(/^https:\/\//);
    expect(element.textContent).toBe('Try javascript:alert(1) or <a href="https://github.com/x/y">');
  });

  it('leaves text without links untouched', async () => {
    const element = abstract('No links here, only github as a word.');
    await highlightLinks(element);
    expect(element.childNodes).toHaveLength(1);
    expect(document.querySelector('style[data-paper-margin-link]')).toBeNull();
  });
});

describe('highlightLinks, batched', () => {
  it('asks once for every element of a task, and leaves a text the page changed meanwhile alone', async () => {
    const first = abstract('Code: https://github.com/a/one');
    const second = document.createElement('p');
    second.textContent = 'Data: https://zenodo.org/records/1';
    const third = document.createElement('p');
    third.textContent = 'Code: https://github.com/c/three';
    document.body.append(second, third);
    const before = calls.count;
    const drawn = Promise.all([highlightLinks(first), highlightLinks(second), highlightLinks(third)]);
    third.firstChild!.nodeValue = 'Changed by the page: https://github.com/c/other';
    await drawn;
    expect(calls.count - before).toBe(1);
    expect(first.querySelector('a')?.getAttribute('data-paper-margin-link')).toBe('code');
    expect(second.querySelector('a')?.getAttribute('data-paper-margin-link')).toBe('data');
    expect(third.querySelector('a')).toBeNull();
    expect(third.textContent).toBe('Changed by the page: https://github.com/c/other');
  });
});
