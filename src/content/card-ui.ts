import {
  type Annotation,
  type AnnotationPatch,
  type EditBase,
  type ReadingStatus,
  type TagUse,
  hasContent,
  isEmptyPatch,
  takeSaved,
} from '../shared/annotation';
import { LINK_KIND_MESSAGES, type MessageKey, t } from '../shared/i18n';
import type { PaperState } from '../shared/messages';
import type { CodeLink, Paper } from '../shared/paper';
import { CARD_CSS } from './card-style';
import { h, safeHref } from './dom';
import { hostIcon } from './icons';
import { TagInput } from './tag-input';

// Strings looked up once per page, not once per card: a feed has hundreds of cards.
export const STATUS_LABELS: Record<ReadingStatus, string> = {
  none: t('statusNone'),
  'to-read': t('statusToRead'),
  read: t('statusRead'),
  starred: t('statusStarred'),
  skip: t('statusSkip'),
};
const KIND_LABELS: Record<CodeLink['kind'], string> = { code: t(LINK_KIND_MESSAGES.code), project: t(LINK_KIND_MESSAGES.project), data: t(LINK_KIND_MESSAGES.data) };
const PROMISED = ` (${t('linkPromised')})`;
const NOTE = t('noteButton');
const EDIT_NOTE = t('editNoteButton');

// Messages looked up once per page and filled in per card: every `getMessage` crosses into the
// browser's bindings, and drawing the "seen" markers of a 28-card feed that way took 20 ms.
const templates = new Map<MessageKey, string>();
// Private-use characters mark where values go: Chrome's getMessage drops control characters.
const SLOT = '\uE000';

function message(key: MessageKey, value?: string): string {
  let template = templates.get(key);
  if (template === undefined) templates.set(key, (template = t(key, SLOT)));
  // A function, so that `$&` in a title is text, not a replacement pattern.
  return value === undefined ? template : template.replace(SLOT, () => value);
}

const AUTOSAVE_MS = 400;

export interface CardUiOptions {
  paper: Paper;
  /** Saves a field-level edit through the background. */
  save(patch: AnnotationPatch): Promise<Annotation>;
  /** The reader's tags with their use counts, for autocomplete. */
  loadTags(): Promise<TagUse[]>;
  /** Opens the Paper Margin panel for this page in a tab. */
  openPanel(): void;
}

/** How the card relates to the reader's history, decided by the content script. */
export type Freshness = 'seen' | 'new' | 'unknown';

let skeleton: HTMLTemplateElement | undefined;

/**
 * The parts every card starts with, built once and cloned per card: cloning one template is several
 * times cheaper than creating and configuring each element from script.
 */
function cardSkeleton(): DocumentFragment {
  if (!skeleton) {
    skeleton = document.createElement('template');
    skeleton.content.append(
      h('style', {}, CARD_CSS),
      h(
        'div',
        { class: 'pm' },
        h('div', { class: 'row' }, h('span', { class: 'chips' }), h('button', { type: 'button', 'aria-expanded': 'false' }, NOTE)),
        h('p', { class: 'note', hidden: true }),
      ),
    );
  }
  return skeleton.content.cloneNode(true) as DocumentFragment;
}

function linkBadge(link: CodeLink): HTMLElement | undefined {
  const href = safeHref(link.url);
  if (!href) return undefined;
  const title = `${KIND_LABELS[link.kind]}${link.status === 'promised' ? PROMISED : ''}: ${href}`;
  const props = { class: 'link', href, target: '_blank', rel: 'noopener noreferrer', title };
  const badge = h('a', props, hostIcon(link.host), link.label);
  badge.dataset.kind = link.kind;
  badge.dataset.host = link.host;
  badge.dataset.status = link.status;
  return badge;
}

// Dates are put together from the locale's messages: the first Intl formatter of a page loads ICU's
// locale data, a 20–30 ms task, which the "seen" markers of every revisited feed would pay.
let dateParts: { template: string; weekdays: string[]; months: string[] } | undefined;

function shortDate(ms: number): string {
  dateParts ??= {
    template: t('shortDate', '\uE001', '\uE002', '\uE003'),
    weekdays: t('weekdaysShort').split(' '),
    months: t('monthsShort').split(' '),
  };
  const date = new Date(ms);
  const parts = [dateParts.weekdays[date.getDay()] ?? '', dateParts.months[date.getMonth()] ?? '', String(date.getDate())];
  return dateParts.template.replace(/[\uE001-\uE003]/g, (mark) => parts[mark.charCodeAt(0) - 0xe001]!);
}

/** The editor's parts, made the first time the reader opens it: most cards are never edited. */
interface Editor {
  element: HTMLElement;
  textarea: HTMLTextAreaElement;
  tagInput: TagInput;
  status: HTMLSelectElement;
  saved: HTMLElement;
}

/**
 * The card UI of one paper: its code links, the reader's note, tags and status, and an inline editor.
 * It lives in an open shadow root on a host carrying `data-paper-margin-ui`, so the page's CSS cannot
 * restyle it and its CSS cannot leak into the page.
 */
export class CardUi {
  readonly host: HTMLElement;
  readonly paper: Paper;
  private links: CodeLink[];
  private readonly root: ShadowRoot;
  private readonly options: CardUiOptions;
  private readonly chips: HTMLElement;
  private readonly editButton: HTMLButtonElement;
  private readonly notePreview: HTMLElement;
  private readonly box: HTMLElement;
  private editor: Editor | undefined;
  private annotation: Annotation | undefined;
  private state: PaperState | undefined;
  private freshness: Freshness = 'unknown';
  private pending: AnnotationPatch = {};
  // The note and tags the open editor started from (or last saved): sent with each edit, so that an
  // edit made elsewhere meanwhile is merged in by the background, not overwritten.
  private base: EditBase = { note: '', tags: [] };
  private timer: ReturnType<typeof setTimeout> | undefined;
  private drawn = '';

  constructor(options: CardUiOptions) {
    this.options = options;
    this.paper = options.paper;
    this.links = options.paper.codeLinks;
    this.host = document.createElement('div');
    this.host.setAttribute('data-paper-margin-ui', options.paper.id);
    this.root = this.host.attachShadow({ mode: 'open' });
    this.root.append(cardSkeleton());
    this.box = this.root.lastElementChild as HTMLElement;
    const row = this.box.firstElementChild!;
    this.chips = row.firstElementChild as HTMLElement;
    this.editButton = row.lastElementChild as HTMLButtonElement;
    this.notePreview = this.box.lastElementChild as HTMLElement;
    this.editButton.setAttribute('aria-label', message('noteButtonLabel', this.paper.title));
    this.editButton.addEventListener('click', (event) => {
      event.preventDefault();
      if (this.isEditing) this.closeEditor();
      else this.openEditor();
    });
    // Keys typed in our fields belong to us: neither the page's shortcuts nor our triage keys may fire.
    this.root.addEventListener('keydown', stopTyping);
    this.root.addEventListener('keyup', stopTyping);
    this.root.addEventListener('keypress', stopTyping);
    this.render();
  }

  /** The background's view of this paper and how it relates to the reader's last visit; its code links once read. */
  setState(state: PaperState | undefined, freshness: Freshness, links?: CodeLink[]): void {
    if (links) {
      this.links = links;
      this.drawn = '';
    }
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
    return !!this.editor && !this.editor.element.hidden;
  }

  get status(): ReadingStatus {
    return this.annotation?.status ?? 'none';
  }

  /** Marks this card as the keyboard's current one. */
  setCurrent(current: boolean): void {
    this.host.toggleAttribute('data-current', current);
  }

  openEditor(focus: 'note' | 'tags' = 'note'): void {
    const editor = (this.editor ??= this.buildEditor());
    const annotation = this.annotation;
    this.base = { note: annotation?.note ?? '', tags: annotation?.tags ?? [] };
    editor.textarea.value = this.base.note;
    editor.tagInput.tags = this.base.tags;
    editor.status.value = annotation?.status ?? 'none';
    editor.saved.textContent = '';
    editor.element.hidden = false;
    this.editButton.setAttribute('aria-expanded', 'true');
    this.notePreview.hidden = true;
    (focus === 'tags' ? editor.tagInput.input : editor.textarea).focus();
  }

  closeEditor(): void {
    void this.flush();
    if (this.editor) this.editor.element.hidden = true;
    this.editButton.setAttribute('aria-expanded', 'false');
    this.drawn = '';
    this.render();
  }

  /** Sets the reading status at once (keyboard triage); the same key again clears it. */
  async toggleStatus(status: ReadingStatus): Promise<void> {
    this.queue({ status: this.status === status ? 'none' : status });
    await this.flush();
  }

  /** Opens the first code link in a new tab, the way a reader triages: read the code first. */
  openFirstLink(): void {
    const href = this.links.map((link) => safeHref(link.url)).find(Boolean);
    if (href) window.open(href, '_blank', 'noopener,noreferrer');
  }

  /** Saves whatever is still waiting for the autosave timer (also on page hide and navigation). */
  async flush(): Promise<void> {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const patch = this.pending;
    if (isEmptyPatch(patch)) return;
    this.pending = {};
    try {
      const annotation = await this.options.save(patch);
      this.annotation = annotation;
      const merged = takeSaved(patch, annotation, this.base, this.pending);
      if (merged.note !== undefined && this.editor) this.editor.textarea.value = merged.note;
      if (merged.tags && this.editor) this.editor.tagInput.tags = merged.tags;
      this.setSaved(t('saved'));
      if (!this.isEditing) this.render();
    } catch (error) {
      // Keep the edit queued so the next keystroke or Done retries it; tell the reader why it failed.
      this.pending = { ...patch, ...this.pending };
      if (!this.isEditing) this.openEditor();
      this.setSaved(t('notSaved', error instanceof Error ? error.message : String(error)), true);
    }
  }

  private buildEditor(): Editor {
    const textarea = h('textarea', { 'aria-label': t('noteLabel'), placeholder: t('notePlaceholder') });
    const tagInput = new TagInput(this.options.loadTags, (tags) => this.queue({ tags }));
    const status = h('select', { 'aria-label': t('statusLabel') });
    for (const [value, label] of Object.entries(STATUS_LABELS)) status.append(h('option', { value }, label));
    const saved = h('span', { class: 'saved', role: 'status', 'aria-live': 'polite' });
    const done = h('button', { type: 'button' }, t('done'));
    const panel = h('button', { type: 'button', 'data-action': 'open-panel', title: t('openPanelTitle') }, t('openPanel'));
    const element = h(
      'div',
      { class: 'editor' },
      textarea,
      tagInput.element,
      h('div', { class: 'editor-row' }, status, done, panel, saved),
      h('span', { class: 'hint' }, t('editorHint')),
    );
    done.addEventListener('click', () => this.closeEditor());
    panel.addEventListener('click', () => this.options.openPanel());
    textarea.addEventListener('input', () => this.queue({ note: textarea.value }));
    status.addEventListener('change', () => {
      this.queue({ status: status.value as ReadingStatus });
      void this.flush();
    });
    element.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' || (event.key === 'Enter' && (event.ctrlKey || event.metaKey))) {
        event.preventDefault();
        this.closeEditor();
        this.editButton.focus();
      }
    });
    this.box.insertBefore(element, this.notePreview.nextSibling);
    return { element, textarea, tagInput, status, saved };
  }

  private setSaved(text: string, isError = false): void {
    if (!this.editor) return;
    this.editor.saved.toggleAttribute('data-error', isError);
    this.editor.saved.textContent = text;
  }

  private queue(patch: AnnotationPatch): void {
    this.pending = { ...this.pending, ...patch };
    if (patch.note !== undefined || patch.tags !== undefined) this.pending.base = { ...this.base };
    this.setSaved(t('saving'));
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), AUTOSAVE_MS);
  }

  private marker(): HTMLElement | undefined {
    const annotation = this.annotation;
    if (annotation && hasContent(annotation)) {
      const text = message('markerNoted', shortDate(annotation.updatedAt));
      return h('span', { class: 'chip marker', 'data-marker': 'noted', title: text }, text);
    }
    if (this.freshness === 'seen' && this.state?.lastSeenAt) {
      const title = message('markerSeenTitle', this.state.seenOn.join(', '));
      return h('span', { class: 'chip marker', 'data-marker': 'seen', title }, message('markerSeen', shortDate(this.state.lastSeenAt)));
    }
    if (this.freshness === 'new') {
      return h('span', { class: 'chip marker new', 'data-marker': 'new', title: message('markerNewTitle') }, message('markerNew'));
    }
    return undefined;
  }

  private render(): void {
    const annotation = this.annotation;
    // Most cards of a feed have no annotation and no marker: when nothing changed, draw nothing.
    const key = `${this.freshness}|${this.state?.lastSeenAt ?? ''}|${annotation?.updatedAt ?? ''}|${this.isEditing}`;
    if (key === this.drawn) return;
    this.drawn = key;
    const noted = hasContent(annotation);
    const parts: Array<HTMLElement | undefined> = [this.marker()];
    for (const link of this.links) parts.push(linkBadge(link));
    if (annotation && annotation.status !== 'none') {
      parts.push(h('span', { class: 'chip status', 'data-status': annotation.status }, STATUS_LABELS[annotation.status]));
    }
    for (const tag of annotation?.tags ?? []) parts.push(h('span', { class: 'chip tag' }, `#${tag}`));
    this.editButton.textContent = noted ? EDIT_NOTE : NOTE;
    this.chips.replaceChildren(...parts.filter((part): part is HTMLElement => !!part));
    const note = annotation?.note.trim() ?? '';
    this.notePreview.textContent = note;
    this.notePreview.hidden = note === '' || this.isEditing;
    this.host.toggleAttribute('data-paper-margin-noted', noted);
    this.host.setAttribute('data-status', annotation?.status ?? 'none');
  }
}

function stopTyping(event: Event): void {
  const target = event.composedPath()[0];
  if (target instanceof HTMLElement && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT')) {
    event.stopPropagation();
  }
}
