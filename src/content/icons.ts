import type { CodeHost } from '../shared/paper';

// Stroke icons on a 24-unit grid, drawn as SVG nodes (never parsed from strings) so they render the
// same everywhere: emoji fonts are missing on many Linux desktops.
const PATHS = {
  branch: ['M6 3v12', 'M18 9a3 3 0 1 0 0-6 3 3 0 0 0 0 6z', 'M6 21a3 3 0 1 0 0-6 3 3 0 0 0 0 6z', 'M18 9a9 9 0 0 1-9 9'],
  box: ['M21 16V8l-9-5-9 5v8l9 5 9-5z', 'M3.3 7 12 12l8.7-5', 'M12 22V12'],
  lock: ['M5 11h14v10H5z', 'M8 11V7a4 4 0 0 1 8 0v4'],
  link: [
    'M10 13a5 5 0 0 0 7.54.54l3-3a5 5 0 0 0-7.07-7.07l-1.72 1.71',
    'M14 11a5 5 0 0 0-7.54-.54l-3 3a5 5 0 0 0 7.07 7.07l1.71-1.71',
  ],
} as const;

/** A forge's branch, Hugging Face's box, an anonymous review copy's lock, a web page's link. */
const iconOf = (host: CodeHost): keyof typeof PATHS =>
  host.startsWith('hf-') ? 'box' : host == 'anonymous' ? 'lock' : host == 'other' ? 'link' : 'branch';

const SVG = 'http://www.w3.org/2000/svg';

const made = new Map<keyof typeof PATHS, SVGSVGElement>();

/** A 1em icon for a link's host family: forge, Hugging Face, anonymous review copy, or a web page. */
export function hostIcon(host: CodeHost): SVGSVGElement {
  const name = iconOf(host);
  let icon = made.get(name);
  if (!icon) {
    icon = document.createElementNS(SVG, 'svg');
    // Its size, 1em, is card.css's (.icon): the styles come with the answer that brings the links.
    for (const [attribute, value] of Object.entries({ viewBox: '0 0 24 24', 'aria-hidden': 'true', class: 'icon' })) {
      icon.setAttribute(attribute, value);
    }
    for (const d of PATHS[name]) {
      const path = document.createElementNS(SVG, 'path');
      path.setAttribute('d', d);
      icon.append(path);
    }
    made.set(name, icon);
  }
  // Cards share one drawing per icon; each gets a clone (cheaper than building it again).
  return icon.cloneNode(true) as SVGSVGElement;
}
