// Lives in each card's shadow root: `all: initial` keeps the page's CSS out, and nothing here can
// reach the page. Colours follow the OS theme and Hugging Face's own `.dark` class (set on the host).
export const CARD_CSS = `
:host { all: initial; display: block; contain: content; }
.pm { --fg: #1f2937; --muted: #6b7280; --bg: #fffbeb; --line: #fcd34d; --accent: #b45309;
  --code-bg: #dcfce7; --code-fg: #166534; --proj-bg: #e0f2fe; --proj-fg: #075985; --warn-bg: #fef3c7; --warn-fg: #92400e;
  --error: #b91c1c;
  font: 13px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg);
  margin: 6px 0 0; padding: 6px 8px; border-left: 3px solid var(--line); background: var(--bg); border-radius: 6px; }
:host([data-theme="dark"]) .pm { --fg: #e5e7eb; --muted: #9ca3af; --bg: #292524; --line: #d97706; --accent: #fbbf24;
  --code-bg: #14532d; --code-fg: #bbf7d0; --proj-bg: #0c4a6e; --proj-fg: #bae6fd; --warn-bg: #78350f; --warn-fg: #fde68a; --error: #fca5a5; }
@media (prefers-color-scheme: dark) { :host(:not([data-theme="light"])) .pm { --fg: #e5e7eb; --muted: #9ca3af; --bg: #292524;
  --line: #d97706; --accent: #fbbf24; --code-bg: #14532d; --code-fg: #bbf7d0; --proj-bg: #0c4a6e; --proj-fg: #bae6fd;
  --warn-bg: #78350f; --warn-fg: #fde68a; --error: #fca5a5; } }
.chips { display: contents; }
.row { display: flex; flex-wrap: wrap; gap: 4px 6px; align-items: center; }
.chip, .link, button { font: inherit; font-size: 12px; border-radius: 999px; padding: 1px 8px; border: 1px solid transparent; }
.link { text-decoration: none; font-weight: 600; background: var(--code-bg); color: var(--code-fg); white-space: nowrap;
  max-width: 22em; overflow: hidden; text-overflow: ellipsis; }
.link[data-kind="project"], .link[data-kind="data"] { background: var(--proj-bg); color: var(--proj-fg); }
.link[data-status="promised"] { background: var(--warn-bg); color: var(--warn-fg); border-style: dashed; border-color: currentColor; }
.icon { width: 1em; height: 1em; vertical-align: -0.15em; margin-right: 3px; fill: none; stroke: currentColor;
  stroke-width: 2.2; stroke-linecap: round; stroke-linejoin: round; }
.link:hover, .link:focus-visible { text-decoration: underline; outline: 2px solid var(--accent); outline-offset: 1px; }
.marker { background: var(--accent); color: var(--bg); font-weight: 700; }
.marker.new { background: #2563eb; color: #fff; }
:host([data-current]) .pm { outline: 2px solid var(--accent); outline-offset: 2px; }
/* Skipped cards fade to grey, which keeps each colour's lightness and so the text's contrast. */
:host([data-status="skip"]) .pm { filter: grayscale(1); border-left-style: dashed; }
.tag-input { position: relative; }
.suggestions { position: absolute; z-index: 10; left: 0; right: 0; top: 100%; margin: 2px 0 0; padding: 2px; list-style: none;
  background: var(--bg); border: 1px solid var(--line); border-radius: 4px; box-shadow: 0 4px 12px rgb(0 0 0 / 15%); }
.suggestions[hidden] { display: none; }
.suggestions li { padding: 2px 6px; border-radius: 3px; cursor: pointer; }
.suggestions li[aria-selected="true"] { background: var(--line); color: #1c1917; }
.suggestions .count { color: var(--muted); font-size: 11px; }
.tag { background: transparent; border-color: var(--line); color: var(--accent); }
.status { color: var(--muted); border-color: var(--muted); }
button { cursor: pointer; background: transparent; color: var(--accent); border-color: var(--line); }
button:hover, button:focus-visible { background: var(--line); color: #1c1917; outline: none; }
.note { margin: 4px 0 0; white-space: pre-wrap; overflow-wrap: anywhere; display: -webkit-box; -webkit-line-clamp: 3;
  -webkit-box-orient: vertical; overflow: hidden; }
.editor { display: grid; gap: 4px; margin-top: 6px; }
.editor[hidden] { display: none; }
textarea, input, select { font: inherit; color: var(--fg); background: transparent; border: 1px solid var(--line);
  border-radius: 4px; padding: 4px 6px; box-sizing: border-box; width: 100%; }
textarea { min-height: 5em; resize: vertical; }
.editor-row { display: flex; gap: 6px; align-items: center; }
.editor-row select { width: auto; }
.saved { color: var(--muted); font-size: 12px; margin-left: auto; }
.saved[data-error] { color: var(--error); font-weight: 600; }
.hint { color: var(--muted); font-size: 11px; }
`;
