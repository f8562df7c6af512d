import { type TagUse, isTagFieldOverLimits, parseTagInput, rankTags } from '../shared/annotation';
import { t } from '../shared/i18n';
import { readyForAnotherTag, tagsText } from '../shared/tag-field';
import { h } from './dom';
import { type FieldEvent, onField } from './field-events';

let nextId = 0;

/**
 * A comma-separated tag field with an autocomplete list (ARIA combobox): suggestions complete the tag
 * being typed, ranked by how often and how lately each tag was used. ↑/↓ choose, Enter or Tab accept,
 * Esc closes the list.
 */
export class TagInput {
  readonly element: HTMLElement;
  readonly input = h('input', {
    'aria-label': t('tagsLabel'),
    placeholder: t('tagsPlaceholder'),
    // Tags in Arabic or Hebrew read right to left, as the chips show them.
    dir: 'auto',
    role: 'combobox',
    'aria-autocomplete': 'list',
    'aria-expanded': 'false',
    autocomplete: 'off',
  });
  readonly #list: HTMLUListElement;
  #known: TagUse[] = [];
  #shown: TagUse[] = [];
  #active = -1;
  #isOpen = false;

  readonly #loadTags: () => Promise<TagUse[]>;
  readonly #onChange: (tags: string[] | undefined) => void;

  /** `onChange` gets the typed tags, or nothing when there are more than a paper keeps (MAX_TAGS). */
  constructor(loadTags: () => Promise<TagUse[]>, onChange: (tags: string[] | undefined) => void) {
    this.#loadTags = loadTags;
    this.#onChange = onChange;
    const listId = `pm-tags-${++nextId}`;
    // A popover, drawn in the top layer: the card's paint containment and a card that clips what
    // overflows it (Hugging Face's articles are `overflow-hidden`) cut the list to its first entry,
    // and the page's content after the card was drawn over it. `#place` puts it at the field.
    this.#list = h('ul', { id: listId, class: 'suggestions', role: 'listbox', 'aria-label': t('tagSuggestions'), popover: 'manual' });
    this.input.setAttribute('aria-controls', listId);
    this.element = h('div', { class: 'tag-input' }, this.input, this.#list);
    onField(this.input, 'input', () => {
      this.#changed();
      this.#suggest();
    });
    this.input.addEventListener('focus', () => {
      readyForAnotherTag(this.input);
      void this.refresh();
    });
    this.input.addEventListener('blur', () => this.#close());
    onField(this.input, 'keydown', (event) => this.#onKey(event));
  }

  set tags(tags: readonly string[]) {
    this.input.value = tagsText(tags);
  }

  /** Loads the user's tags again (they change as other papers are tagged). */
  async refresh(): Promise<void> {
    try {
      this.#known = await this.#loadTags();
    } catch {
      this.#known = [];
    }
    // Letters typed while the tags were loading get their suggestions now.
    if (this.input.matches(':focus')) this.#suggest();
  }

  get #current(): string {
    return this.input.value.split(',').pop() ?? '';
  }

  #suggest(): void {
    const token = this.#current.trim();
    const existing = parseTagInput(this.input.value.slice(0, this.input.value.length - this.#current.length));
    this.#shown = token ? rankTags(this.#known, token, existing) : [];
    this.#active = this.#shown.length ? 0 : -1;
    this.#render();
  }

  #accept(use: TagUse): void {
    const head = this.input.value.slice(0, this.input.value.length - this.#current.length);
    this.input.value = `${head}${head && !head.endsWith(' ') ? ' ' : ''}${use.tag}, `;
    this.#changed();
    this.#close();
  }

  #changed(): void {
    const value = this.input.value;
    this.#onChange(isTagFieldOverLimits(value) ? undefined : parseTagInput(value));
  }

  #close(): void {
    this.#shown = [];
    this.#active = -1;
    this.#render();
  }

  #onKey(event: FieldEvent): void {
    // Shift+Tab moves back, Ctrl+Enter closes the editor, and an input method's keys are its own.
    if (!this.#shown.length || event.isComposing || event.shiftKey || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      this.#active = (this.#active + step + this.#shown.length) % this.#shown.length;
      this.#render();
    } else if ((event.key === 'Enter' || event.key === 'Tab') && this.#active >= 0) {
      event.preventDefault();
      // Enter picks a tag here; it must not also reach the editor and close it.
      event.stopPropagation();
      this.#accept(this.#shown[this.#active]!);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      this.#close();
    }
  }

  #render(): void {
    const listId = this.#list.id;
    this.#list.replaceChildren(
      ...this.#shown.map((use, index) => {
        const option = h(
          'li',
          { id: `${listId}-${index}`, role: 'option', 'aria-selected': String(index === this.#active) },
          // Isolated, as the popup shows tags: a right-to-left tag keeps its count after it.
          h('bdi', {}, use.tag),
          h('span', { class: 'count' }, ` ${use.count}`),
        );
        // mousedown, not click: the input's blur would close the list before a click lands.
        option.addEventListener('mousedown', (event) => {
          event.preventDefault();
          this.#accept(use);
        });
        return option;
      }),
    );
    const isOpen = this.#shown.length > 0;
    if (isOpen !== this.#isOpen) {
      this.#isOpen = isOpen;
      // It stays at the field while the page, or a box the card is in, scrolls.
      if (isOpen) {
        this.#list.showPopover();
        addEventListener('scroll', this.#place, { capture: true, passive: true });
        addEventListener('resize', this.#place);
      } else {
        this.#list.hidePopover();
        removeEventListener('scroll', this.#place, true);
        removeEventListener('resize', this.#place);
      }
    }
    if (isOpen) this.#place();
    this.input.setAttribute('aria-expanded', String(isOpen));
    if (this.#active >= 0) this.input.setAttribute('aria-activedescendant', `${listId}-${this.#active}`);
    else this.input.removeAttribute('aria-activedescendant');
  }

  /** Under the field, as wide as it; above it when the viewport ends before the list does and there is room there. */
  readonly #place = (): void => {
    const field = this.input.getBoundingClientRect();
    const style = this.#list.style;
    style.left = `${field.left}px`;
    style.width = `${field.width}px`;
    const height = this.#list.offsetHeight;
    const isAbove = field.bottom + 2 + height > innerHeight && field.top - 2 - height >= 0;
    style.top = `${isAbove ? field.top - 2 - height : field.bottom + 2}px`;
  };
}
