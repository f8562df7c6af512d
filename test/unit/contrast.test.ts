import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const CARD_CSS = readFileSync(new URL('../../src/content/card.css', import.meta.url), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');

/** The custom properties of each `--name: #hex` block, in order: light first, then the dark ones. */
function palettes(css: string): Array<Record<string, string>> {
  const blocks = css.match(/\{[^{}]*--fg:[^{}]*\}/g) ?? [];
  return blocks.map((block) => Object.fromEntries([...block.matchAll(/--([\w-]+):\s*(#[0-9a-f]{6})/gi)].map((m) => [m[1]!, m[2]!])));
}

function luminance(hex: string): number {
  const channel = (at: number) => {
    const value = parseInt(hex.slice(at, at + 2), 16) / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** WCAG 2 contrast ratio of two colours. */
function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

// Text/background pairs the UI draws; AA asks 4.5:1 for normal text.
const PAIRS: Array<[string, string]> = [
  ['fg', 'bg'],
  ['muted', 'bg'],
  ['accent', 'bg'],
  ['code-fg', 'code-bg'],
  ['proj-fg', 'proj-bg'],
  ['warn-fg', 'warn-bg'],
  ['error', 'bg'],
];

describe('WCAG AA contrast', () => {
  const card = palettes(CARD_CSS);
  const popup = palettes(readFileSync(new URL('../../src/popup/popup.css', import.meta.url), 'utf8'));

  it('draws every colour of the card through its palettes, so the pairs below cover them', () => {
    const rules = CARD_CSS.replace(/\{[^{}]*--fg:[^{}]*\}/g, '');
    // Fixed colours outside the palettes: the "new" marker (white on blue) and text on the --line highlight.
    const allowed = new Set(['#2563eb', '#fff', '#1c1917']);
    const stray = [...rules.matchAll(/#[0-9a-f]{3,6}\b/gi)].map((m) => m[0].toLowerCase()).filter((hex) => !allowed.has(hex));
    expect(stray).toEqual([]);
    expect(contrast('#ffffff', '#2563eb'), 'the "new" marker').toBeGreaterThanOrEqual(4.5);
    expect(CARD_CSS).not.toMatch(/opacity:\s*0?\.\d/);
  });

  it('finds the light and dark palettes', () => {
    expect(card.length).toBeGreaterThanOrEqual(2);
    expect(popup.length).toBe(2);
  });

  it.each(
    [...card.map((palette, index) => [`card palette ${index}`, palette] as const), ...popup.map((palette, index) => [`popup palette ${index}`, palette] as const)],
  )('%s: every text colour reaches 4.5:1 on its background', (_name, palette) => {
    for (const [fg, bg] of PAIRS) {
      const background = palette[bg] ?? palette.card;
      if (!palette[fg] || !background) continue;
      expect(contrast(palette[fg]!, background), `${fg} on ${bg}`).toBeGreaterThanOrEqual(4.5);
    }
    // The marker chip writes the background colour on the accent.
    if (palette.accent && palette.bg) expect(contrast(palette.bg, palette.accent), 'marker').toBeGreaterThanOrEqual(4.5);
    // Hovered buttons and the selected suggestion write dark text on the --line colour.
    if (palette.line) expect(contrast('#1c1917', palette.line), 'text on --line').toBeGreaterThanOrEqual(4.5);
  });

  it.each(card.map((palette, index) => [`card palette ${index}`, palette] as const))('%s: the editor’s field edges reach 3:1 on the card (WCAG 1.4.11)', (_name, palette) => {
    expect(CARD_CSS).toMatch(/textarea, input, select \{[^}]*border: 1px solid var\(--field\)/);
    // The fields are transparent: their edges are drawn on the card's background.
    expect(contrast(palette.field!, palette.bg!), 'field edge on bg').toBeGreaterThanOrEqual(3);
  });

  // A field's edge is what shows it is a field: WCAG 2.2 (1.4.11) asks 3:1 against the field's own
  // background and the card or page around it. Before the fix the popup's were --line, 1.4:1 in light.
  it.each(popup.map((palette, index) => [`popup palette ${index}`, palette] as const))('%s: the edges of text fields and menus reach 3:1', (_name, palette) => {
    const css = readFileSync(new URL('../../src/popup/popup.css', import.meta.url), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
    const edge = /(?:^|\})\s*textarea, input[^{]*, select \{[^}]*\bborder: 1px solid var\(--([\w-]+)\)/.exec(css)?.[1];
    expect(edge).toBeDefined();
    for (const background of ['bg', 'card']) {
      expect(contrast(palette[edge!]!, palette[background]!), `${edge} on ${background}`).toBeGreaterThanOrEqual(3);
    }
  });
});
