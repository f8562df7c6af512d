/**
 * The page's own theme where it has one, else `undefined` (our UI then follows the OS). Hugging Face
 * puts `dark` on `<html>` for its dark theme (also when following the system), so there its absence
 * means light.
 */
export function pageTheme(): 'dark' | 'light' | undefined {
  if (document.documentElement.classList.contains('dark')) return 'dark';
  return location.hostname === 'huggingface.co' ? 'light' : undefined;
}

/** Gives one of our shadow hosts the page's theme (the styles key on `data-theme`). */
export function applyTheme(host: Element, theme = pageTheme()): void {
  if (theme) host.setAttribute('data-theme', theme);
  else host.removeAttribute('data-theme');
}

/** Calls `onChange` when the page switches its theme (Hugging Face's theme switcher). */
export function watchTheme(onChange: () => void): void {
  new MutationObserver(onChange).observe(document.documentElement, { attributes: true, attributeFilter: ['class'] });
}
