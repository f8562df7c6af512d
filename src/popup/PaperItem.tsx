import { useEffect, useRef, useState } from 'preact/hooks';
import {
  type Annotation,
  type AnnotationPatch,
  type EditBase,
  MAX_TAG_LENGTH,
  MAX_TAGS,
  type ReadingStatus,
  SaveQueue,
  isTagFieldOverLimits,
  isEmptyPatch,
  parseTagInput,
  takeSaved,
} from '../shared/annotation';
import { callBackground } from '../shared/call';
import { readyForAnotherTag, tagsText } from '../shared/tag-field';
import { errorMessage } from '../shared/messages';
import { LINK_KIND_MESSAGES, type MessageKey, STATUS_MESSAGES, t } from '../shared/i18n';
import type { Paper } from '../shared/paper';

export type PaperItemProps = {
  paper: Paper;
  annotation: Annotation | undefined;
  onSaved(annotation: Annotation): void;
  /** Take the focus into the note when drawn: the reader opened this item to write in it. */
  autoFocus?: boolean;
  /** Escape closes the item (the Library's open row) once what was typed is saved; not when it could not be. */
  onClose?(): void;
  /** Told whether the item holds edits the library does not have (a failed save, refused tags): the Library keeps it open. */
  onUnsaved?(unsaved: boolean): void;
};

const STATUSES = (Object.entries(STATUS_MESSAGES) as Array<[ReadingStatus, MessageKey]>).map(([status, key]) => [status, t(key)] as const);

const AUTOSAVE_MS = 400;

function isHttp(url: string): boolean {
  return /^https?:\/\//i.test(url);
}

/** One paper of the current page: title, code links, and the user's note, tags and status, saved as typed. */
export function PaperItem({ paper, annotation, onSaved, autoFocus, onClose, onUnsaved }: PaperItemProps) {
  const [note, setNote] = useState(annotation?.note ?? '');
  const [tags, setTags] = useState(tagsText(annotation?.tags ?? []));
  // `busy` while an edit waits to be saved: screen readers then hear "Saved" (or why not) once, not every keystroke.
  const [saved, setSaved] = useState<{ text: string; error?: boolean; busy?: boolean }>({ text: '' });
  const pending = useRef<AnnotationPatch>({});
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const [saves] = useState(() => new SaveQueue());
  const focused = useRef(false);
  // The tag field holds more than MAX_TAGS tags: it is not saved, and no save may say "Saved" while it is so.
  const tagsOverLimits = useRef(false);
  const savedState = () => (tagsOverLimits.current ? { text: t('tagsOverLimits', MAX_TAGS, MAX_TAG_LENGTH), error: true } : { text: t('saved') });
  const noteField = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (autoFocus) noteField.current?.focus();
  }, []);
  // The note and tags these fields started from (or last saved): sent with each edit, so that an edit
  // made elsewhere meanwhile is merged in by the background, not overwritten.
  const base = useRef<EditBase>({ note: annotation?.note ?? '', tags: annotation?.tags ?? [] });

  // Take in changes made elsewhere, unless the user is typing here.
  useEffect(() => {
    if (focused.current) return;
    setNote(annotation?.note ?? '');
    // Tags refused for their number are kept in sight until the reader removes some.
    if (!tagsOverLimits.current) setTags(tagsText(annotation?.tags ?? []));
    base.current = { note: annotation?.note ?? '', tags: annotation?.tags ?? [] };
  }, [annotation?.updatedAt]);

  const flush = async () => {
    clearTimeout(timer.current);
    await saves.run(() => {
      const patch = pending.current;
      if (isEmptyPatch(patch)) return undefined;
      pending.current = {};
      return send(patch);
    });
  };

  const send = async (patch: AnnotationPatch) => {
    try {
      const annotation = await callBackground('setAnnotation', { id: paper.id, patch, paper });
      const merged = takeSaved(patch, annotation, base.current, pending.current);
      if (merged.note !== undefined) setNote(merged.note);
      if (merged.tags) setTags(tagsText(merged.tags));
      onSaved(annotation);
      setSaved(savedState());
      onUnsaved?.(tagsOverLimits.current);
    } catch (error) {
      pending.current = { ...patch, ...pending.current };
      setSaved({ text: t('notSaved', errorMessage(error)), error: true });
      onUnsaved?.(true);
    }
  };

  const queue = (patch: AnnotationPatch) => {
    pending.current = { ...pending.current, ...patch };
    if (patch.note !== undefined || patch.tags !== undefined) pending.current.base = { ...base.current };
    setSaved({ text: t('saving'), busy: true });
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void flush(), AUTOSAVE_MS);
  };

  // The entry comes from the background, keyed as the library's export keys it. The clipboard write
  // starts inside the click, with the entry still to come: a browser allows a write only while the
  // click counts as the reader's (Firefox: 5 s), and a worker woken on a large library may answer
  // later than that. The paper goes along: one the page shows may not be recorded (yet). Its outcome
  // is said apart from the save's, which must stay in sight when a note could not be saved.
  const [copied, setCopied] = useState<{ text: string; error?: boolean }>({ text: '' });
  const copyBibtex = async () => {
    setCopied({ text: '' });
    try {
      const entry = callBackground('citation', { id: paper.id, paper });
      const blob = entry.then((text) => new Blob([text], { type: 'text/plain' }));
      // The entry's own failure (no such paper) is the reason to give, rather than the clipboard's
      // report of it: it settles first, and Promise.all hears both.
      await Promise.all([entry, navigator.clipboard.write([new ClipboardItem({ 'text/plain': blob })])]);
      setCopied({ text: t('itemCopiedBibtex') });
    } catch (error) {
      setCopied({ text: t('itemNotCopied', errorMessage(error)), error: true });
    }
  };

  // Closing the popup destroys it without unmounting anything: save what is typed when it hides.
  const flushRef = useRef(flush);
  flushRef.current = flush;
  useEffect(() => {
    const save = () => void flushRef.current();
    const onHidden = () => {
      if (document.visibilityState === 'hidden') save();
    };
    addEventListener('pagehide', save);
    document.addEventListener('visibilitychange', onHidden);
    return () => {
      removeEventListener('pagehide', save);
      document.removeEventListener('visibilitychange', onHidden);
      save();
    };
  }, []);

  const authors = paper.authors.length
    ? paper.authors.slice(0, 3).join(', ') + (paper.authors.length > 3 ? ` ${t('itemMoreAuthors', paper.authors.length - 3)}` : '')
    : paper.authorCount
      ? t('itemAuthors', paper.authorCount)
      : '';
  const labelId = `title-${paper.id}`;
  return (
    <li
      class="paper"
      data-paper-id={paper.id}
      aria-labelledby={labelId}
      onKeyDown={(event) => {
        if (!onClose || event.key !== 'Escape' || event.isComposing) return;
        event.preventDefault();
        // Closing would drop what a failed save kept (and refused tags): the item stays open, saying why.
        void flush().then(() => {
          if (isEmptyPatch(pending.current) && !tagsOverLimits.current) onClose();
        });
      }}
    >
      {/* dir="auto" here and on the fields: Arabic or Hebrew text reads right to left, whatever the popup's language. */}
      <h2 id={labelId} dir="auto">
        {/* Without a safe address (a page's `javascript:` link) the title is no link, but ↑/↓ still land on it. */}
        <a href={isHttp(paper.url) ? paper.url : undefined} tabIndex={isHttp(paper.url) ? undefined : -1} target="_blank" rel="noopener noreferrer">
          {paper.title}
        </a>
      </h2>
      <div class="meta">{[authors, paper.date, paper.arxivId && `arXiv:${paper.arxivId}`].filter(Boolean).join(' · ')}</div>
      {paper.codeLinks.length > 0 && (
        <div class="links">
          {paper.codeLinks.filter((link) => isHttp(link.url)).map((link) => (
            <a
              key={link.url}
              class="link"
              href={link.url}
              target="_blank"
              rel="noopener noreferrer"
              data-kind={link.kind}
              data-status={link.status}
              title={`${t(LINK_KIND_MESSAGES[link.kind])}${link.status === 'promised' ? ` (${t('linkPromised')})` : ''}: ${link.url}`}
            >
              {link.label}
            </a>
          ))}
        </div>
      )}
      <div class="fields">
        <textarea
          ref={noteField}
          dir="auto"
          aria-label={t('itemNoteLabel', paper.title)}
          placeholder={t('noteLabel')}
          value={note}
          onFocus={() => (focused.current = true)}
          onBlur={() => {
            focused.current = false;
            void flush();
          }}
          onInput={(event) => {
            setNote(event.currentTarget.value);
            queue({ note: event.currentTarget.value });
          }}
        />
        <input
          dir="auto"
          aria-label={t('itemTagsLabel', paper.title)}
          placeholder={t('tagsPlaceholder')}
          value={tags}
          onFocus={(event) => {
            focused.current = true;
            if (readyForAnotherTag(event.currentTarget)) setTags(event.currentTarget.value);
          }}
          onBlur={() => {
            focused.current = false;
            void flush();
          }}
          onInput={(event) => {
            const value = event.currentTarget.value;
            setTags(value);
            tagsOverLimits.current = isTagFieldOverLimits(value);
            if (tagsOverLimits.current) {
              setSaved(savedState());
              onUnsaved?.(true);
            } else queue({ tags: parseTagInput(value) });
          }}
        />
        <select
          aria-label={t('itemStatusLabel', paper.title)}
          value={annotation?.status ?? 'none'}
          onChange={(event) => {
            queue({ status: event.currentTarget.value as ReadingStatus });
            void flush();
          }}
        >
          {STATUSES.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <div class="foot">
        <div class={saved.error ? 'saved error' : 'saved'} role="status" aria-live="polite" aria-busy={saved.busy ? 'true' : 'false'}>
          {saved.text}
        </div>
        <div class={copied.error ? 'copied error' : 'copied'} role="status" aria-live="polite">
          {copied.text}
        </div>
        <button
          type="button"
          class="copy"
          data-action="copy-bibtex"
          aria-label={t('itemCopyBibtexLabel', paper.title)}
          title={t('itemCopyBibtexTitle')}
          onClick={() => void copyBibtex()}
        >
          {t('itemCopyBibtex')}
        </button>
      </div>
    </li>
  );
}
