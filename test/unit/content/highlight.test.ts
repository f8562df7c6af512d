// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { highlightLinks } from '../../../src/content/highlight';

function abstract(html: string): HTMLElement {
  const element = document.createElement('p');
  // Test input only: the code under test never parses HTML.
  element.innerHTML = html;
  document.head.replaceChildren();
  document.body.replaceChildren(element);
  return element;
}

describe('highlightLinks', () => {
  it('turns a code link written as text into a link and keeps the text exactly', () => {
    const element = abstract('Code is at https://github.com/Bluefin-Tuna/WISER. More soon.');
    const before = element.textContent;
    highlightLinks(element);
    const link = element.querySelector('a[data-paper-margin-link]')!;
    expect(link.getAttribute('href')).toBe('https://github.com/Bluefin-Tuna/WISER');
    expect(link.getAttribute('data-paper-margin-link')).toBe('code');
    expect(element.textContent).toBe(before);
    expect(document.querySelector('style[data-paper-margin-link]')).not.toBeNull();
  });

  it('marks links the page already has, and leaves their text alone', () => {
    const element = abstract('See <a href="https://github.com/a/b">this https URL</a> and <a href="https://arxiv.org/abs/2401.00001">a paper</a>.');
    highlightLinks(element);
    expect([...element.querySelectorAll('a[data-paper-margin-link]')].map((a) => a.textContent)).toEqual(['this https URL']);
  });

  it('never makes a link of javascript: or markup in the text', () => {
    const element = abstract('Try javascript:alert(1) or &lt;a href="https://github.com/x/y"&gt;');
    highlightLinks(element);
    expect(element.querySelector('script')).toBeNull();
    for (const anchor of element.querySelectorAll('a')) expect(anchor.getAttribute('href')).toMatch(/^https:\/\//);
    expect(element.textContent).toBe('Try javascript:alert(1) or <a href="https://github.com/x/y">');
  });

  it('leaves text without links untouched', () => {
    const element = abstract('No links here, only github as a word.');
    highlightLinks(element);
    expect(element.childNodes).toHaveLength(1);
    expect(document.querySelector('style[data-paper-margin-link]')).toBeNull();
  });
});
