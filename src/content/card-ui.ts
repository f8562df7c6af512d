import { type Annotation, type AnnotationPatch, type ReadingStatus, type TagUse, hasContent } from '../shared/annotation';
import { t } from '../shared/i18n';
import type { PaperState } from '../shared/messages';
import type { CodeLink, Paper } from '../shared/paper';
import { CARD_CSS } from './card-style';
import { h, safeHref } from './dom';
import { hostIcon } from './icons';
import { TagInput } from './tag-input';

export const STATUS_LABELS: Record<ReadingStatus, string> = {
  none: t('statusNone'),
  'to-read': t('statusToRead'),
  read: t('statusRead'),
  starred: t('statusStarred'),
  skip: t('statusSkip'),
};

const KIND_LABELS: Record<CodeLink['kind'], string> = { code: t('linkCode'), project: t('linkProject'), data: t('linkData') };

const AUTOSAVE_MS = 400;

export interface CardUiOptions {
  paper: Paper;
  /** Saves a field-level edit through the background. */
  save(patch: AnnotationPatch): Promise<Annotation>;
  /** The user's tags with their use counts, for autocomplete. */
  loadTags(): Promise<TagUse[]>;
  /** Opens the Paper Margin panel for this page in a tab. */
  openPanel(): void;
}

/** How the card relates to the reader's history, decided by the content script. */
export type Freshness = 'seen' | 'new' | 'unknown';

function linkBadge(link: CodeLink): HTMLElement | undefined {
  const href = safeHref(link.url);
  if (!href) return undefined;
  const promised = link.status === 'promised' ? ` (${t('linkPromised')})` : '';
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
      title: `${KIND_LABELS[link.kind]}${promised}: ${href}`,
    },
    hostIcon(link.host),
    link.label,
  );
}

function shortDate(ms: number): string {
  return new Date(ms).toLocaleDateString(undefined, { weekday: 'short', month: 'short', day: 'numeric' });
}

/**
 * The card UI of one paper: its code links, the reader's note, tags and status, and an inline editor.
 * It lives in an open shadow root on a host carrying `data-paper-margin-ui`, so the page's CSS cannot
 * restyle it and its CSS cannot leak into the page.
 */
export class CardUi {
  readonly host: HTMLElement;
  readonly paper: Paper;
  private readonly root: ShadowRoot;
  private readonly options: CardUiOptions;
  private annotation: Annotation | undefined;
  private state: PaperState | undefined;
  private freshness: Freshness = 'unknown';
  private pending: AnnotationPatch = {};
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly chips = h('span', { class: 'chips' });
  private readonly editButton = h('button', { type: 'button', 'aria-expanded': 'false' });
  private readonly notePreview = h('p', { class: 'note', hidden: true });
  private readonly textarea = h('textarea', { 'aria-label': t('noteLabel'), placeholder: t('notePlaceholder') });
  private readonly tagInput: TagInput;
  private readonly statusSelect = h('select', { 'aria-label': t('statusLabel') });
  private readonly savedLabel = h('span', { class: 'saved', role: 'status', 'aria-live': 'polite' });
  private readonly editor = h('div', { class: 'editor', hidden: true });

  constructor(options: CardUiOptions) {
    this.options = options;
    this.paper = options.paper;
    this.host = h('div', { 'data-paper-margin-ui': options.paper.id });
    this.root = this.host.attachShadow({ mode: 'open' });
    this.tagInput = new TagInput(options.loadTags, (tags) => this.queue({ tags }));
    for (const [value, label] of Object.entries(STATUS_LABELS)) this.statusSelect.append(h('option', { value }, label));
    const done = h('button', { type: 'button' }, t('done'));
    done.addEventListener('click', () => this.closeEditor());
    const panel = h('button', { type: 'button', 'data-action': 'open-panel', title: t('openPanelTitle') }, t('openPanel'));
    panel.addEventListener('click', () => this.options.openPanel());
    this.editor.append(
      this.textarea,
      this.tagInput.element,
      h('div', { class: 'editor-row' }, this.statusSelect, done, panel, this.savedLabel),
      h('span', { class: 'hint' }, t('editorHint')),
    );
    this.textarea.addEventListener('input', () => this.queue({ note: this.textarea.value }));
    this.statusSelect.addEventListener('change', () => {
      this.queue({ status: this.statusSelect.value as ReadingStatus });
      void this.flush();
    });
    this.editor.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' || (event.key === 'Enter' && (event.ctrlKey || event.metaKey))) {
        event.preventDefault();
        this.closeEditor();
        this.editButton.focus();
      }
    });
    // Keys typed in our fields belong to us: neither the page's shortcuts nor our triage keys may fire.
    for (const type of ['keydown', 'keyup', 'keypress'] as const) {
      this.root.addEventListener(type, (event) => {
        const target = event.composedPath()[0];
        if (target instanceof HTMLElement && ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)) event.stopPropagation();
      });
    }
    // The button is made once, so keyboard focus stays on it while the chips beside it are redrawn.
    this.editButton.setAttribute('aria-label', t('noteButtonLabel', this.paper.title));
    this.editButton.addEventListener('click', (event) => {
      event.preventDefault();
      if (this.isEditing) this.closeEditor();
      else this.openEditor();
    });
    const summary = h('div', { class: 'row' }, this.chips, this.editButton);
    this.root.append(h('style', {}, CARD_CSS), h('div', { class: 'pm' }, summary, this.notePreview, this.editor));
    this.render();
  }

  /** The background's view of this paper and how it relates to the reader's last visit. */
  setState(state: PaperState | undefined, freshness: Freshness): void {
    this.state = state;
    this.freshness = freshness;
    if (state?.annotation) this.annotation = state.annotation;
    this.render();
    // The UI is complete: markers and notes are drawn (tests and styles can key on this).
    this.host.setAttribute('data-state', 'ready');
  }

  /** A change saved elsewhere (the popup, another tab). */
  setAnnotation(annotation: Annotation): void {
    this.annotation = annotation;
    this.render();
  }

  get isEditing(): boolean {
    return !this.editor.hidden;
  }

  get status(): ReadingStatus {
    return this.annotation?.status ?? 'none';
  }

  /** Marks this card as the keyboard's current one. */
  setCurrent(current: boolean): void {
    this.host.toggleAttribute('data-current', current);
  }

  openEditor(focus: 'note' | 'tags' = 'note'): void {
    const annotation = this.annotation;
    this.textarea.value = annotation?.note ?? '';
    this.tagInput.tags = annotation?.tags ?? [];
    this.statusSelect.value = annotation?.status ?? 'none';
    this.savedLabel.textContent = '';
    this.editor.hidden = false;
    this.editButton.setAttribute('aria-expanded', 'true');
    this.notePreview.hidden = true;
    (focus === 'tags' ? this.tagInput.input : this.textarea).focus();
  }

  closeEditor(): void {
    void this.flush();
    this.editor.hidden = true;
    this.editButton.setAttribute('aria-expanded', 'false');
    this.render();
  }

  /** Sets the reading status at once (keyboard triage); the same key again clears it. */
  async toggleStatus(status: ReadingStatus): Promise<void> {
    this.queue({ status: this.status === status ? 'none' : status });
    await this.flush();
  }

  /** Opens the first code link in a new tab, the way a reader triages: read the code first. */
  openFirstLink(): void {
    const href = this.paper.codeLinks.map((link) => safeHref(link.url)).find(Boolean);
    if (href) window.open(href, '_blank', 'noopener,noreferrer');
  }

  /** Saves whatever is still waiting for the autosave timer (also on page hide and navigation). */
  async flush(): Promise<void> {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const patch = this.pending;
    if (Object.keys(patch).length === 0) return;
    this.pending = {};
    try {
      this.annotation = await this.options.save(patch);
      this.savedLabel.removeAttribute('data-error');
      this.savedLabel.textContent = t('saved');
      if (!this.isEditing) this.render();
    } catch (error) {
      // Keep the edit queued so the next keystroke or Done retries it; tell the reader why it failed.
      this.pending = { ...patch, ...this.pending };
      this.savedLabel.setAttribute('data-error', '');
      this.savedLabel.textContent = t('notSaved', error instanceof Error ? error.message : String(error));
      if (!this.isEditing) this.openEditor();
    }
  }

  private queue(patch: AnnotationPatch): void {
    this.pending = { ...this.pending, ...patch };
    this.savedLabel.removeAttribute('data-error');
    this.savedLabel.textContent = t('saving');
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), AUTOSAVE_MS);
  }

  private marker(): HTMLElement | undefined {
    const annotation = this.annotation;
    if (annotation && hasContent(annotation)) {
      const text = t('markerNoted', shortDate(annotation.updatedAt));
      return h('span', { class: 'chip marker', 'data-marker': 'noted', title: text }, text);
    }
    if (this.freshness === 'seen' && this.state?.lastSeenAt) {
      const title = t('markerSeenTitle', this.state.seenOn.join(', '));
      return h('span', { class: 'chip marker', 'data-marker': 'seen', title }, t('markerSeen', shortDate(this.state.lastSeenAt)));
    }
    if (this.freshness === 'new') {
      return h('span', { class: 'chip marker new', 'data-marker': 'new', title: t('markerNewTitle') }, t('markerNew'));
    }
    return undefined;
  }

  private render(): void {
    const annotation = this.annotation;
    const noted = hasContent(annotation);
    const parts: Array<HTMLElement | undefined> = [this.marker()];
    for (const link of this.paper.codeLinks) parts.push(linkBadge(link));
    if (annotation && annotation.status !== 'none') {
      parts.push(h('span', { class: 'chip status', 'data-status': annotation.status }, STATUS_LABELS[annotation.status]));
    }
    for (const tag of annotation?.tags ?? []) parts.push(h('span', { class: 'chip tag' }, `#${tag}`));
    this.editButton.textContent = noted ? t('editNoteButton') : t('noteButton');
    this.chips.replaceChildren(...parts.filter((part): part is HTMLElement => !!part));
    const note = annotation?.note.trim() ?? '';
    this.notePreview.textContent = note;
    this.notePreview.hidden = note === '' || this.isEditing;
    this.host.toggleAttribute('data-paper-margin-noted', noted);
    this.host.setAttribute('data-status', annotation?.status ?? 'none');
  }
}
