import { type Annotation, hasContent } from '../shared/annotation';
import type { PaperState } from '../shared/messages';
import type { CodeLink, FoundPaper, Paper, PaperId } from '../shared/paper';
import type { CardUi, CardUiStart, Freshness } from './card-ui';

/**
 * A detected card and what is known about its paper. Its UI is built on demand (`ensureUi`): when the
 * library answers on ordinary feeds, when the card comes near the viewport on very long pages. State
 * that arrives earlier is kept and handed to the UI when it is built.
 */
export class TrackedCard {
  #view: CardUi | undefined;
  #state: PaperState | undefined;
  #relation: Freshness = 'unknown';
  #stateKnown = false;
  #annotation: Annotation | undefined;
  #codeLinks: CodeLink[] = [];
  #made: Paper | undefined;
  #dropped = false;
  readonly #makeUi: (entry: TrackedCard) => CardUi;
  readonly id: PaperId;

  constructor(
    readonly card: Element,
    readonly found: FoundPaper,
    makeUi: (entry: TrackedCard) => CardUi,
  ) {
    this.id = found.id;
    this.#makeUi = makeUi;
  }

  /**
   * The paper, with no code links until the background has read them from `found.links`. Made when
   * first asked for: most cards of a long feed never are (a copy per card was a tenth of a scan).
   */
  get paper(): Paper {
    if (!this.#made) {
      const { links: _links, ...paper } = this.found;
      this.#made = { ...paper, codeLinks: this.#codeLinks };
    }
    return this.#made;
  }

  /** True while the card is on the page and still shows this paper. */
  get live(): boolean {
    return !this.#dropped && this.card.isConnected;
  }

  /** The page now shows another paper in this card element: its UI goes, and it is tracked no more. */
  drop(): void {
    this.#dropped = true;
    this.#view?.host.remove();
  }

  get ui(): CardUi | undefined {
    return this.#view;
  }

  get isNoted(): boolean {
    return hasContent(this.#annotation);
  }

  /** True once the library has answered for this paper (its annotation below is then current). */
  get isKnown(): boolean {
    return this.#stateKnown;
  }

  /** The saved annotation, as last heard from the library; undefined when there is none. */
  get savedAnnotation(): Annotation | undefined {
    return this.#annotation;
  }

  /** What a UI built now starts from, drawn once: the library's answer if it came, the latest annotation. */
  get uiStart(): CardUiStart {
    return { known: this.#stateKnown, state: this.#state, freshness: this.#relation, annotation: this.#annotation };
  }

  ensureUi(): CardUi {
    this.#view ??= this.#makeUi(this);
    return this.#view;
  }

  /** How the paper relates to the reader's last visit, as last set. */
  get freshness(): Freshness {
    return this.#relation;
  }

  /** A new relation to the last visit, with the state already known (a page found to be a revisit). */
  setFreshness(freshness: Freshness): void {
    this.#relation = freshness;
    this.#view?.setState(this.#state, freshness);
  }

  /** What the library knows of the paper; with `codeLinks`, the card's links as the background read them. */
  setState(state: PaperState | undefined, freshness: Freshness, codeLinks?: CodeLink[]): void {
    this.#state = state;
    this.#relation = freshness;
    // No state: the library could not be read (or would not take the paper). The links still count.
    this.#stateKnown = state !== undefined;
    if (state?.annotation) this.#annotation = state.annotation;
    if (codeLinks) {
      this.#codeLinks = codeLinks;
      this.#made = undefined;
    }
    this.#view?.setState(state, freshness, codeLinks);
  }

  setAnnotation(annotation: Annotation): void {
    this.#annotation = annotation;
    this.#view?.setAnnotation(annotation);
  }

  flush(): Promise<void> {
    return this.#view?.flush() ?? Promise.resolve();
  }
}
