import { type Annotation, type AnnotationPatch, type ReadingStatus, type TagUse, hasContent } from '../shared/annotation';
import { LINK_KIND_MESSAGES, type MessageKey, t } from '../shared/i18n';
import { type PaperState, errorMessage } from '../shared/messages';
import type { CodeLink, Paper } from '../shared/paper';
import { cardStyle } from './card-style';
import { h, isTyping, safeHref, shadow } from './dom';
import { actions, loadActions, withActions } from './actions-loader';
import type { EditSession } from './edit-session';
import { hostIcon } from './icons';

// Strings looked up once per page, not once per card (a feed has hundreds of cards), and not before
// the library's first answer, which brings them (see `provideMessages`).
interface Labels {
  status: Record<ReadingStatus, string>;
  kinds: Record<CodeLink['kind'], string>;
  promised: string;
  note: string;
  editNote: string;
}
let labels: Labels | undefined;

function cardLabels(): Labels {
  labels ??= {
    status: { none: t('statusNone'), 'to-read': t('statusToRead'), read: t('statusRead'), starred: t('statusStarred'), skip: t('statusSkip') },
    kinds: { code: t(LINK_KIND_MESSAGES.code), project: t(LINK_KIND_MESSAGES.project), data: t(LINK_KIND_MESSAGES.data) },
    promised: ` (${t('linkPromised')})`,
    note: t('noteButton'),
    editNote: t('editNoteButton'),
  };
  return labels;
}

/** What drawing a card needs the first time, made while the library answers: its strings come with the answer. */
export function prepareCardUi(): void {
  skeletonTemplate();
}

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

export interface CardUiOptions {
  paper: Paper;
  /** Saves a field-level edit through the background. */
  save(patch: AnnotationPatch): Promise<Annotation>;
  /** The reader's tags with their use counts, for autocomplete. */
  loadTags(): Promise<TagUse[]>;
  /** Opens the Paper Margin panel for this page in a tab. */
  openPanel(): void;
  /** What is known when the UI is built (it is drawn once, with it). */
  start?: CardUiStart;
}

/** The state a card's UI starts from; `known` once the library has answered for the paper. */
export interface CardUiStart {
  known: boolean;
  state: PaperState | undefined;
  freshness: Freshness;
  annotation: Annotation | undefined;
}

/** How the card relates to the reader's history, decided by the content script. */
export type Freshness = 'seen' | 'new' | 'unknown';

let skeleton: HTMLTemplateElement | undefined;

/**
 * The parts every card starts with, built once and cloned per card: cloning one template is several
 * times cheaper than creating and configuring each element from script.
 */
function skeletonTemplate(): HTMLTemplateElement {
  if (!skeleton) {
    skeleton = document.createElement('template');
    skeleton.content.append(
      h(
        'div',
        { class: 'pm' },
        // The button's label is each card's first drawing's (`#render`).
        h('div', { class: 'row' }, h('span', { class: 'chips' }), h('button', { type: 'button', 'aria-expanded': 'false' })),
        h('p', { class: 'note', hidden: true }),
      ),
    );
  }
  return skeleton;
}

function cardSkeleton(): DocumentFragment {
  return skeletonTemplate().content.cloneNode(true) as DocumentFragment;
}

function linkBadge(link: CodeLink): HTMLElement | undefined {
  const href = safeHref(link.url);
  if (!href) return undefined;
  const { kinds, promised } = cardLabels();
  const title = `${kinds[link.kind]}${link.status === 'promised' ? promised : ''}: ${href}`;
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

/**
 * The card UI of one paper: its code links, the reader's note, tags and status, and an inline editor.
 * It lives in a closed shadow root (`shadow`) on a host carrying `data-paper-margin-ui`, so the page's CSS
 * cannot restyle it, its CSS cannot leak into the page, and the page's scripts cannot read it. The host
 * shows nothing of the reader's: the note and status marks are set inside.
 */
export class CardUi {
  readonly host: HTMLElement;
  readonly paper: Paper;
  #links: CodeLink[];
  readonly #root: ShadowRoot;
  readonly #options: CardUiOptions;
  readonly #chips: HTMLElement;
  readonly #editButton: HTMLButtonElement;
  readonly #notePreview: HTMLElement;
  readonly #box: HTMLElement;
  // Made when the reader first edits or triages this card, from the actions module.
  #session: EditSession | undefined;
  #annotation: Annotation | undefined;
  #state: PaperState | undefined;
  #freshness: Freshness = 'unknown';
  #drawn = '';

  constructor(options: CardUiOptions) {
    this.#options = options;
    this.paper = options.paper;
    this.#links = options.paper.codeLinks;
    this.host = document.createElement('div');
    this.host.setAttribute('data-paper-margin-ui', options.paper.id);
    this.#root = shadow(this.host);
    this.#root.append(cardStyle(), cardSkeleton());
    this.#box = this.#root.lastElementChild as HTMLElement;
    const row = this.#box.firstElementChild!;
    this.#chips = row.firstElementChild as HTMLElement;
    this.#editButton = row.lastElementChild as HTMLButtonElement;
    this.#notePreview = this.#box.lastElementChild as HTMLElement;
    this.#editButton.setAttribute('aria-label', message('noteButtonLabel', this.paper.title));
    this.#editButton.addEventListener('click', (event) => {
      event.preventDefault();
      if (this.isEditing) this.closeEditor();
      else this.openEditor();
    });
    // A reader reaching for the button will likely write: the actions module loads meanwhile.
    const preload = () => void loadActions().catch(() => undefined);
    // In loops: this runs in every feed page's script, which has a size budget.
    for (const type of ['pointerenter', 'focus']) this.#editButton.addEventListener(type, preload, { once: true });
    // Keys typed in our fields belong to us: neither the page's shortcuts nor our triage keys may fire.
    for (const type of ['keydown', 'keyup', 'keypress']) this.#root.addEventListener(type, stopTyping as EventListener);
    const start = options.start;
    if (start) {
      this.#state = start.state;
      this.#freshness = start.freshness;
      this.#annotation = start.annotation ?? start.state?.annotation;
    }
    this.#render();
    if (start?.known) this.host.setAttribute('data-state', 'ready');
  }

  /** The background's view of this paper and how it relates to the reader's last visit; its code links once read. */
  setState(state: PaperState | undefined, freshness: Freshness, links?: CodeLink[]): void {
    if (links) {
      this.#links = links;
      this.#drawn = '';
    }
    this.#state = state;
    this.#freshness = freshness;
    if (state?.annotation) this.#annotation = state.annotation;
    this.#render();
    // The UI is complete: markers and notes are drawn (tests and styles can key on this). Without a
    // state (the library could not be read) only the links are.
    if (state) this.host.setAttribute('data-state', 'ready');
  }

  /** A change saved elsewhere (the popup, another tab). */
  setAnnotation(annotation: Annotation): void {
    this.#annotation = annotation;
    this.#render();
  }

  get isEditing(): boolean {
    return this.#session?.isEditing ?? false;
  }

  /** The focused element inside this card's UI (the closed root hides it from `document.activeElement`). */
  get focused(): Element | null {
    return this.#root.activeElement;
  }

  /** Marks this card as the keyboard's current one. */
  setCurrent(current: boolean): void {
    this.host.toggleAttribute('data-current', current);
  }

  /** Opens the editor on the note or the tags: at once when its module has loaded, else when it has. */
  openEditor(focus: 'note' | 'tags' = 'note'): void {
    withActions(
      () => this.#editSession().open(focus),
      (error) => this.#cannotEdit(error),
    );
  }

  closeEditor(): void {
    this.#session?.close();
  }

  /**
   * Sets the reading status at once (keyboard triage); the same key again clears it. Resolves to the
   * status now set, or undefined when the editor's module could not load.
   */
  async toggleStatus(status: ReadingStatus): Promise<ReadingStatus | undefined> {
    try {
      await loadActions();
    } catch (error) {
      this.#cannotEdit(error);
      return;
    }
    return this.#editSession().toggleStatus(status);
  }

  /** Opens the first link in a new tab (code comes first: linkPaper), the way a reader triages: read the code first. */
  openFirstLink(): void {
    const href = this.#links.map((link) => safeHref(link.url)).find(Boolean);
    if (href) window.open(href, '_blank', 'noopener,noreferrer');
  }

  /** Saves whatever is still waiting for the autosave timer (also on page hide and navigation). */
  flush(): Promise<void> {
    return this.#session?.flush() ?? Promise.resolve();
  }

  #editSession(): EditSession {
    this.#session ??= new (actions()!.EditSession)({
      box: this.#box,
      notePreview: this.#notePreview,
      editButton: this.#editButton,
      statusLabels: cardLabels().status,
      annotation: () => this.#annotation,
      save: this.#options.save,
      saved: (annotation) => {
        this.#annotation = annotation;
        if (!this.isEditing) this.#render();
      },
      closed: () => {
        this.#drawn = '';
        this.#render();
      },
      loadTags: this.#options.loadTags,
      openPanel: this.#options.openPanel,
    });
    return this.#session;
  }

  /** The editor's module did not load (the extension was updated or removed meanwhile): say so on the card. */
  #cannotEdit(error: unknown): void {
    console.warn('[paper-margin]', error);
    this.#notePreview.textContent = t('editorNotLoaded', errorMessage(error));
    this.#notePreview.hidden = false;
    this.#drawn = '';
  }

  #marker(): HTMLElement | undefined {
    const annotation = this.#annotation;
    if (annotation && hasContent(annotation)) {
      const text = message('markerNoted', shortDate(annotation.updatedAt));
      return h('span', { class: 'chip marker', 'data-marker': 'noted', title: text }, text);
    }
    if (this.#freshness === 'seen' && this.#state?.lastSeenAt) {
      const title = message('markerSeenTitle', this.#state.seenOn.join(', '));
      return h('span', { class: 'chip marker', 'data-marker': 'seen', title }, message('markerSeen', shortDate(this.#state.lastSeenAt)));
    }
    if (this.#freshness === 'new') {
      return h('span', { class: 'chip marker new', 'data-marker': 'new', title: message('markerNewTitle') }, message('markerNew'));
    }
    return undefined;
  }

  #render(): void {
    const annotation = this.#annotation;
    // Most cards of a feed have no annotation and no marker: when nothing changed, draw nothing.
    const key = `${this.#freshness}|${this.#state?.lastSeenAt ?? ''}|${annotation?.updatedAt ?? ''}|${this.isEditing}`;
    if (key === this.#drawn) return;
    this.#drawn = key;
    const noted = hasContent(annotation);
    const parts: Array<HTMLElement | undefined> = [this.#marker()];
    for (const link of this.#links) parts.push(linkBadge(link));
    const { status, note: noteLabel, editNote } = cardLabels();
    if (annotation && annotation.status !== 'none') {
      parts.push(h('span', { class: 'chip status', 'data-status': annotation.status }, status[annotation.status]));
    }
    for (const tag of annotation?.tags ?? []) parts.push(h('span', { class: 'chip tag' }, `#${tag}`));
    this.#editButton.textContent = noted ? editNote : noteLabel;
    this.#chips.replaceChildren(...parts.filter((part): part is HTMLElement => !!part));
    const note = annotation?.note.trim() ?? '';
    this.#notePreview.textContent = note;
    this.#notePreview.hidden = note === '' || this.isEditing;
    this.#box.toggleAttribute('data-noted', noted);
    this.#box.setAttribute('data-status', annotation?.status ?? 'none');
  }
}

function stopTyping(event: Event): void {
  if (isTyping(event)) event.stopPropagation();
}
