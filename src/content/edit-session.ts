import {
  type Annotation,
  type AnnotationPatch,
  type EditBase,
  MAX_TAGS,
  MAX_TAG_LENGTH,
  type ReadingStatus,
  SaveQueue,
  type TagUse,
  isEmptyPatch,
  takeSaved,
} from '../shared/annotation';
import { t } from '../shared/i18n';
import { errorMessage } from '../shared/messages';
import { tagsText } from '../shared/tag-field';
import { h } from './dom';
import { onField } from './field-events';
import { TagInput } from './tag-input';

const AUTOSAVE_MS = 400;

/** What an editing session needs of its card (CardUi). */
export interface SessionHost {
  /** The card's box; the editor goes after its note preview, which is hidden while editing. */
  box: HTMLElement;
  notePreview: HTMLElement;
  editButton: HTMLButtonElement;
  statusLabels: Record<ReadingStatus, string>;
  annotation(): Annotation | undefined;
  /** Saves a field-level edit through the background. */
  save(patch: AnnotationPatch): Promise<Annotation>;
  /** The annotation as saved: the card keeps it and redraws when the editor is closed. */
  saved(annotation: Annotation): void;
  /** The editor closed: the card redraws its chips and note. */
  closed(): void;
  loadTags(): Promise<TagUse[]>;
  openPanel(): void;
}

interface Editor {
  element: HTMLElement;
  textarea: HTMLTextAreaElement;
  tagInput: TagInput;
  status: HTMLSelectElement;
  saved: HTMLElement;
  /**
   * Set when the editor opens, until a key is pressed or typed in it, or the focus leaves it: an
   * auto-repeat before that comes from a key held down since before it opened (the `n` that opened
   * it), and is not typed. A closed editor has no keys to hear until it opens again.
   */
  heldOver: boolean;
}

// The editor opened last: the keys held while this module loaded are typed into it (`typeHeld`).
let lastOpened: Editor | undefined;

/** The editor's note or tag field, when it has the focus (looked up in the card's closed root, from inside). */
function focusedField(editor: Editor): HTMLInputElement | HTMLTextAreaElement | undefined {
  const active = (editor.element.getRootNode() as ShadowRoot).activeElement;
  return [editor.textarea, editor.tagInput.input].find((field) => field === active);
}

/**
 * Types a key held while this module loaded into the editor field that has the focus now (the one the
 * reader opened meanwhile). False when no editor field has it: the key is then a triage key.
 */
export function typeHeld(key: string): boolean {
  const field = lastOpened && focusedField(lastOpened);
  if (!field) return false;
  // A key pressed after the opener: the repeats that follow are that key's, the reader's.
  lastOpened!.heldOver = false;
  const end = field.selectionEnd ?? field.value.length;
  const start = field.selectionStart ?? end;
  if (key === 'Backspace') field.setRangeText('', start === end ? Math.max(0, start - 1) : start, end, 'end');
  else if (key !== 'Enter') field.setRangeText(key, start, end, 'end');
  // Enter types a newline in the note; in the tag field it is not typed.
  else if (field.tagName === 'TEXTAREA') field.setRangeText('\n', start, end, 'end');
  else return true;
  field.dispatchEvent(new Event('input', { bubbles: true }));
  return true;
}

/**
 * Editing one card: its inline editor (built on first open), the edits waiting for the autosave
 * timer, and their saving. Status keys (triage) save through it too.
 */
export class EditSession {
  #editor: Editor | undefined;
  #pending: AnnotationPatch = {};
  // The note and tags the open editor started from (or last saved): sent with each edit, so that an
  // edit made elsewhere meanwhile is merged in by the background, not overwritten.
  #base: EditBase = { note: '', tags: [] };
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #saves = new SaveQueue();
  // The tag field holds more tags than a paper keeps: they are not saved, and the editor says so
  // (never "Saved") and stays open until some are taken out, as closing would drop them unsaid.
  #tagsOverLimits = false;

  readonly #card: SessionHost;

  constructor(card: SessionHost) {
    this.#card = card;
  }

  get isEditing(): boolean {
    return !!this.#editor && !this.#editor.element.hidden;
  }

  open(focus: 'note' | 'tags'): void {
    const editor = (this.#editor ??= this.#build());
    lastOpened = editor;
    // An open editor keeps what is typed in it (the note command pressed while typing only focuses).
    if (!this.isEditing) {
      const annotation = this.#card.annotation();
      const pending = this.#pending;
      // Edits not saved yet (their save failed) come back, on the base they were typed on.
      this.#base = { note: pending.base?.note ?? annotation?.note ?? '', tags: pending.base?.tags ?? annotation?.tags ?? [] };
      editor.textarea.value = pending.note ?? this.#base.note;
      editor.tagInput.tags = pending.tags ?? this.#base.tags;
      editor.status.value = pending.status ?? annotation?.status ?? 'none';
      editor.saved.textContent = '';
      this.#tagsOverLimits = false;
    }
    editor.element.hidden = false;
    this.#card.editButton.setAttribute('aria-expanded', 'true');
    this.#card.notePreview.hidden = true;
    (focus === 'tags' ? editor.tagInput.input : editor.textarea).focus();
    editor.heldOver = true;
  }

  /** Closes the editor, unless its tag field holds too many tags: false then, the focus on that field. */
  close(): boolean {
    void this.flush();
    if (this.#tagsOverLimits && this.isEditing) {
      this.#editor?.tagInput.input.focus();
      return false;
    }
    if (this.#editor) this.#editor.element.hidden = true;
    this.#card.editButton.setAttribute('aria-expanded', 'false');
    this.#card.closed();
    return true;
  }

  /** Sets the reading status at once (keyboard triage); the same key again clears it. Resolves to the status set. */
  async toggleStatus(status: ReadingStatus): Promise<ReadingStatus> {
    const next = this.#card.annotation()?.status === status ? 'none' : status;
    // An open editor's status menu shows it too (it kept the old status while the chip showed the new).
    if (this.#editor) this.#editor.status.value = next;
    this.#queue({ status: next });
    await this.flush();
    return next;
  }

  /** Saves whatever is still waiting for the autosave timer (also on page hide and navigation). */
  async flush(): Promise<void> {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#saves.run(() => {
      const patch = this.#pending;
      if (isEmptyPatch(patch)) return undefined;
      this.#pending = {};
      return this.#save(patch);
    });
  }

  async #save(patch: AnnotationPatch): Promise<void> {
    try {
      const annotation = await this.#card.save(patch);
      const merged = takeSaved(patch, annotation, this.#base, this.#pending);
      if (merged.note !== undefined && this.#editor) this.#editor.textarea.value = merged.note;
      if (merged.tags && this.#editor) this.#editor.tagInput.tags = merged.tags;
      this.#setSaved(...this.#savedState());
      this.#card.saved(annotation);
    } catch (error) {
      // Keep the edit queued so the next keystroke or Done retries it; tell the reader why it failed.
      this.#pending = { ...patch, ...this.#pending };
      if (!this.isEditing) this.open('note');
      this.#setSaved(t('notSaved', errorMessage(error)), true);
    }
  }

  /**
   * An open editor the reader comes back to (its field takes the focus again) shows what was saved
   * elsewhere meanwhile, as long as nothing is typed or on its way here: typing on the old text would
   * make the next save a concurrent edit, kept twice.
   */
  #takeNewer(): void {
    const editor = this.#editor;
    const annotation = this.#card.annotation();
    if (!editor || !annotation || this.#saves.busy || !isEmptyPatch(this.#pending)) return;
    if (editor.textarea.value !== this.#base.note || editor.tagInput.input.value !== tagsText(this.#base.tags)) return;
    this.#base = { note: annotation.note, tags: annotation.tags };
    editor.textarea.value = annotation.note;
    editor.tagInput.tags = annotation.tags;
    editor.status.value = annotation.status;
  }

  #queue(patch: AnnotationPatch): void {
    this.#pending = { ...this.#pending, ...patch };
    if (patch.note !== undefined || patch.tags !== undefined) this.#pending.base = { ...this.#base };
    this.#setSaved(t('saving'), false, true);
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.flush(), AUTOSAVE_MS);
  }

  #savedState(): [string, boolean] {
    return this.#tagsOverLimits ? [t('tagsOverLimits', MAX_TAGS, MAX_TAG_LENGTH), true] : [t('saved'), false];
  }

  /** `busy` while an edit waits to be saved: screen readers then hear "Saved" (or why not) once, not every keystroke. */
  #setSaved(text: string, isError = false, busy = false): void {
    if (!this.#editor) return;
    this.#editor.saved.toggleAttribute('data-error', isError);
    this.#editor.saved.setAttribute('aria-busy', String(busy));
    // Rewritten text ends the browser's run of typing that one undo takes back (Chromium): written on
    // every keystroke, Ctrl+Z undid a note one character at a time.
    if (this.#editor.saved.textContent !== text) this.#editor.saved.textContent = text;
  }

  #build(): Editor {
    const card = this.#card;
    // `dir="auto"`: a note in Arabic or Hebrew is written right to left, whatever the page's direction.
    const textarea = h('textarea', { 'aria-label': t('noteLabel'), placeholder: t('notePlaceholder'), dir: 'auto' });
    const tagInput = new TagInput(card.loadTags, (tags) => {
      this.#tagsOverLimits = !tags;
      if (tags) this.#queue({ tags });
      else this.#setSaved(...this.#savedState());
    });
    const status = h('select', { 'aria-label': t('statusLabel') });
    for (const [value, label] of Object.entries(card.statusLabels)) status.append(h('option', { value }, label));
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
    const editor: Editor = { element, textarea, tagInput, status, saved, heldOver: false };
    done.addEventListener('click', () => {
      // The editor hides with the focus on this button: give it to the card's note button, as Escape does.
      if (this.close()) card.editButton.focus();
    });
    panel.addEventListener('click', () => card.openPanel());
    onField(textarea, 'input', () => this.#queue({ note: textarea.value }));
    textarea.addEventListener('focus', () => this.#takeNewer());
    tagInput.input.addEventListener('focus', () => this.#takeNewer());
    status.addEventListener('change', () => {
      this.#queue({ status: status.value as ReadingStatus });
      void this.flush();
    });
    onField(element, 'keydown', (event) => {
      if (event.repeat && editor.heldOver) return event.preventDefault();
      editor.heldOver = false;
      // Enter and Escape during an input method's composition belong to it.
      if (event.isComposing) return;
      if (event.key === 'Escape' || (event.key === 'Enter' && (event.ctrlKey || event.metaKey))) {
        event.preventDefault();
        if (this.close()) card.editButton.focus();
      }
    });
    element.addEventListener('focusout', () => (editor.heldOver = false));
    card.box.insertBefore(element, card.notePreview.nextSibling);
    return editor;
  }
}
