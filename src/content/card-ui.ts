import { type Annotation, type AnnotationPatch, type ReadingStatus, parseTagInput } from '../shared/annotation';
import type { PaperState } from '../shared/messages';
import type { CodeLink, Paper } from '../shared/paper';
import { CARD_CSS } from './card-style';
import { h, safeHref } from './dom';
import { hostIcon } from './icons';

const STATUS_LABELS: Record<ReadingStatus, string> = {
  none: 'No status',
  'to-read': 'To read',
  read: 'Read',
  starred: 'Starred',
  skip: 'Skip',
};


const AUTOSAVE_MS = 400;

export interface CardUiOptions {
  paper: Paper;
  /** Saves a field-level edit through the background. */
  save(patch: AnnotationPatch): Promise<Annotation>;
  /** Opens the Paper Margin panel for this page in a tab. */
  openPanel(): void;
}

function linkBadge(link: CodeLink): HTMLElement | undefined {
  const href = safeHref(link.url);
  if (!href) return undefined;
  const promised = link.status === 'promised' ? ' (promised)' : '';
  return h(
    'a',
    {
      class: 'link',
      href,
      target: '_blank',
      rel: 'noopener noreferrer',
      'data-kind': link.kind,
      'data-host': link.host,
      'data-status': link.status,
      title: `${link.kind === 'code' ? 'Code' : link.kind === 'data' ? 'Data' : 'Project page'}${promised}: ${href}`,
    },
    hostIcon(link.host),
    link.label,
  );
}

function shortDate(ms: number): string {
  return new Date(ms).toLocaleDateString(undefined, { weekday: 'short', month: 'short', day: 'numeric' });
}

/**
 * The card UI of one paper: its code links, the user's note, tags and status, and an inline editor.
 * It lives in an open shadow root on a host carrying `data-paper-margin-ui`.
 */
export class CardUi {
  readonly host: HTMLElement;
  private readonly root: ShadowRoot;
  private readonly paper: Paper;
  private readonly save: CardUiOptions['save'];
  private readonly openPanel: CardUiOptions['openPanel'];
  private annotation: Annotation | undefined;
  private state: PaperState | undefined;
  private seenBefore = false;
  private pending: AnnotationPatch = {};
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly chips = h('span', { class: 'chips' });
  private readonly editButton = h('button', { type: 'button', 'aria-expanded': 'false' });
  private readonly notePreview = h('p', { class: 'note', hidden: true });
  private readonly textarea = h('textarea', { 'aria-label': 'Note', placeholder: 'Your note (saved as you type)' });
  private readonly tagsInput = h('input', { 'aria-label': 'Tags', placeholder: 'tags, separated by commas' });
  private readonly statusSelect = h('select', { 'aria-label': 'Reading status' });
  private readonly savedLabel = h('span', { class: 'saved', role: 'status', 'aria-live': 'polite' });
  private readonly editor = h('div', { class: 'editor', hidden: true });

  constructor(options: CardUiOptions) {
    this.paper = options.paper;
    this.save = options.save;
    this.openPanel = options.openPanel;
    this.host = h('div', { 'data-paper-margin-ui': options.paper.id });
    this.root = this.host.attachShadow({ mode: 'open' });
    for (const [value, label] of Object.entries(STATUS_LABELS)) {
      this.statusSelect.append(h('option', { value }, label));
    }
    const done = h('button', { type: 'button' }, 'Done');
    done.addEventListener('click', () => this.closeEditor());
    const panel = h('button', { type: 'button', 'data-action': 'open-panel', title: 'All papers of this page in a tab' }, 'All papers ↗');
    panel.addEventListener('click', () => this.openPanel());
    this.editor.append(
      this.textarea,
      this.tagsInput,
      h('div', { class: 'editor-row' }, this.statusSelect, done, panel, this.savedLabel),
      h('span', { class: 'hint' }, 'Esc or Ctrl+Enter closes · saved as you type'),
    );
    this.textarea.addEventListener('input', () => this.queue({ note: this.textarea.value }));
    this.tagsInput.addEventListener('input', () => this.queue({ tags: parseTagInput(this.tagsInput.value) }));
    this.statusSelect.addEventListener('change', () => {
      this.queue({ status: this.statusSelect.value as ReadingStatus });
      void this.flush();
    });
    this.editor.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' || (event.key === 'Enter' && (event.ctrlKey || event.metaKey))) {
        event.preventDefault();
        this.closeEditor();
      }
    });
    // Keys typed in our fields belong to us: the page's own shortcuts must not fire.
    for (const type of ['keydown', 'keyup', 'keypress'] as const) {
      this.root.addEventListener(type, (event) => event.stopPropagation());
    }
    // The button is made once, so keyboard focus stays on it while the chips beside it are redrawn.
    this.editButton.setAttribute('aria-label', `Note on “${this.paper.title}”`);
    this.editButton.addEventListener('click', (event) => {
      event.preventDefault();
      if (this.isEditing) this.closeEditor();
      else this.openEditor();
    });
    const summary = h('div', { class: 'row' }, this.chips, this.editButton);
    this.root.append(h('style', {}, CARD_CSS), h('div', { class: 'pm' }, summary, this.notePreview, this.editor));
    this.render();
  }

  /** The background's view of this paper, with whether it was met before this visit. */
  setState(state: PaperState | undefined, visitStartedAt: number): void {
    this.state = state;
    this.seenBefore = !!state?.lastSeenAt && state.lastSeenAt < visitStartedAt;
    if (state?.annotation) this.annotation = state.annotation;
    this.render();
  }

  /** A change saved elsewhere (the popup, another tab). Fields the user is typing into are kept. */
  setAnnotation(annotation: Annotation): void {
    this.annotation = annotation;
    this.render();
  }

  get isEditing(): boolean {
    return !this.editor.hidden;
  }

  openEditor(focus: 'note' | 'tags' = 'note'): void {
    const annotation = this.annotation;
    this.textarea.value = annotation?.note ?? '';
    this.tagsInput.value = annotation?.tags.join(', ') ?? '';
    this.statusSelect.value = annotation?.status ?? 'none';
    this.savedLabel.textContent = '';
    this.editor.hidden = false;
    this.editButton.setAttribute('aria-expanded', 'true');
    (focus === 'tags' ? this.tagsInput : this.textarea).focus();
  }

  closeEditor(): void {
    void this.flush();
    this.editor.hidden = true;
    this.editButton.setAttribute('aria-expanded', 'false');
    this.render();
  }

  /** Saves whatever is still waiting for the autosave timer (also on page hide). */
  async flush(): Promise<void> {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const patch = this.pending;
    if (Object.keys(patch).length === 0) return;
    this.pending = {};
    try {
      this.annotation = await this.save(patch);
      this.savedLabel.removeAttribute('data-error');
      this.savedLabel.textContent = 'Saved';
      if (!this.isEditing) this.render();
    } catch (error) {
      // Keep the edit queued so the next keystroke or Done retries it; tell the user why it failed.
      this.pending = { ...patch, ...this.pending };
      this.savedLabel.setAttribute('data-error', '');
      this.savedLabel.textContent = `Not saved: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  private queue(patch: AnnotationPatch): void {
    this.pending = { ...this.pending, ...patch };
    this.savedLabel.removeAttribute('data-error');
    this.savedLabel.textContent = 'Saving…';
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), AUTOSAVE_MS);
  }

  private render(): void {
    const annotation = this.annotation;
    const noted = !!annotation && (annotation.note.trim() !== '' || annotation.tags.length > 0 || annotation.status !== 'none');
    const parts: Array<HTMLElement | undefined> = [];
    if (noted) {
      parts.push(h('span', { class: 'chip marker', title: `Noted ${shortDate(annotation.updatedAt)}` }, `Noted ${shortDate(annotation.updatedAt)}`));
    } else if (this.seenBefore && this.state?.lastSeenAt) {
      parts.push(h('span', { class: 'chip marker', title: 'You have seen this paper before' }, `Seen ${shortDate(this.state.lastSeenAt)}`));
    }
    for (const link of this.paper.codeLinks) parts.push(linkBadge(link));
    if (annotation && annotation.status !== 'none') parts.push(h('span', { class: 'chip status' }, STATUS_LABELS[annotation.status]));
    for (const tag of annotation?.tags ?? []) parts.push(h('span', { class: 'chip tag' }, `#${tag}`));
    this.editButton.textContent = noted ? '✎ Edit note' : '✎ Note';
    this.chips.replaceChildren(...parts.filter((part): part is HTMLElement => !!part));
    const note = annotation?.note.trim() ?? '';
    this.notePreview.textContent = note;
    this.notePreview.hidden = note === '' || this.isEditing;
    this.host.toggleAttribute('data-paper-margin-noted', noted);
  }
}
