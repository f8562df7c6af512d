// @vitest-environment happy-dom
// @vitest-environment-options { "url": "https://huggingface.co/papers" }
import { describe, expect, it } from 'vitest';
import { applyTheme, pageTheme, watchTheme } from '../../../src/content/theme';

describe('the page theme on Hugging Face', () => {
  it('follows the class on <html>, and its switches', async () => {
    expect(location.hostname).toBe('huggingface.co');
    const host = document.createElement('div');
    applyTheme(host);
    expect(host.getAttribute('data-theme')).toBe('light');
    watchTheme(() => applyTheme(host));
    document.documentElement.classList.add('dark');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(pageTheme()).toBe('dark');
    expect(host.getAttribute('data-theme')).toBe('dark');
    document.documentElement.classList.remove('dark');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(host.getAttribute('data-theme')).toBe('light');
  });
});
