import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { callBackground } from '../shared/call';
import { errorMessage } from '../shared/messages';
import { MAX_TAG_LENGTH, tagKey, tagsOverLimits } from '../shared/annotation';
import { t } from '../shared/i18n';
import { useTags } from '../popup/use-annotation-events';
import { formatCount } from '../popup/number';
import { type TagRename, announceTagRename } from '../popup/tag-renames';

/**
 * Why a new tag name is refused before anything is written: blank, or longer than a tag may be (the
 * library would cut it, unsaid, as the card's editor and the popup refuse to).
 */
function refusal(name: string): string | undefined {
  if (!name.trim()) return t('optionsTagNameEmpty');
  if (tagsOverLimits([name])) return t('optionsTagNameTooLong', MAX_TAG_LENGTH);
  return undefined;
}

/** Tags with their counts; rename one, or merge several into one. */
export function TagsSection() {
  // Tags added on a card or renamed in another options tab show up without a reload of the page.
  const [tags, reload] = useTags();
  const [picked, setSelected] = useState<Set<string>>(new Set());
  // Tags renamed or merged away elsewhere leave the selection.
  const selected = new Set((tags ?? []).filter((use) => picked.has(use.tag)).map((use) => use.tag));
  const [message, setMessage] = useState<{ text: string; error?: boolean }>();
  // A library's 200 tags, sorted by use, are two tab stops each, and Merge comes after the last: a
  // search narrows the rows to the tags that hold it, and the ones ticked stay in sight.
  const [query, setQuery] = useState('');
  const wanted = tagKey(query);
  const shown = (tags ?? []).filter((use) => !wanted || use.key.includes(wanted) || selected.has(use.tag));
  // A rename or merge removes the focused button (the renamed tag's row, the merge button): the focus
  // goes to what it did, not to the page's start. Before the browser paints.
  const status = useRef<HTMLParagraphElement>(null);
  const focusStatus = useRef(false);
  useLayoutEffect(() => {
    if (focusStatus.current) status.current?.focus();
    focusStatus.current = false;
  }, [message]);

  const run = async (rename: TagRename, action: () => Promise<number>) => {
    try {
      const changed = await action();
      announceTagRename(rename);
      focusStatus.current = true;
      setMessage({ text: changed === 1 ? t('optionsTagsChangedOne') : t('optionsTagsChanged', formatCount(changed)) });
      setSelected(new Set());
      reload();
    } catch (error) {
      setMessage({ text: errorMessage(error), error: true });
    }
  };

  return (
    <section aria-labelledby="tags-title">
      <h2 id="tags-title">{t('optionsTags')}</h2>
      {!tags ? (
        <p class="help" data-loading>
          {t('optionsTagsReading')}
        </p>
      ) : tags.length === 0 ? (
        <p class="help">{t('optionsTagsEmpty')}</p>
      ) : (
        <>
          <label class="toggle">
            {t('optionsTagsFind')}
            <input type="search" value={query} onInput={(event) => setQuery(event.currentTarget.value)} />
          </label>
          {shown.length === 0 && (
            <p class="help" data-no-match>
              {t('optionsTagsNoMatch', query.trim())}
            </p>
          )}
          <table hidden={shown.length === 0}>
            <thead>
              <tr>
                <th scope="col">{t('optionsTagsHeadTag')}</th>
                <th scope="col">{t('optionsTagsHeadCount')}</th>
                <td />
              </tr>
            </thead>
            <tbody>
              {shown.map((use) => (
                <tr key={use.key} data-tag={use.key}>
                  <td>
                    <label class="toggle">
                      <input
                        type="checkbox"
                        checked={selected.has(use.tag)}
                        onChange={(event) => {
                          const next = new Set(selected);
                          if (event.currentTarget.checked) next.add(use.tag);
                          else next.delete(use.tag);
                          setSelected(next);
                        }}
                      />
                      {/* Isolated, as in the popup: the "#" stays before an Arabic or Hebrew tag. */}
                      <bdi>#{use.tag}</bdi>
                    </label>
                  </td>
                  <td>{formatCount(use.count)}</td>
                  <td>
                    <button
                      type="button"
                      aria-label={t('optionsRenameTag', use.tag)}
                      onClick={() => {
                        const to = prompt(t('optionsRenamePrompt', use.tag), use.tag);
                        // Cancel (null) or the same name: nothing to do. A blank or too long name is said to be refused.
                        if (to === null || to === use.tag) return;
                        const refused = refusal(to);
                        if (refused) setMessage({ text: refused, error: true });
                        else void run({ from: [use.tag], to }, () => callBackground('renameTag', { from: use.tag, to }));
                      }}
                    >
                      {t('optionsRename')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {selected.size > 1 && (
        <div class="buttons">
          <button
            type="button"
            onClick={() => {
              const target = prompt(t('optionsMergePrompt', selected.size), [...selected][0]);
              if (target === null) return;
              const refused = refusal(target);
              if (refused) setMessage({ text: refused, error: true });
              else void run({ from: [...selected], to: target }, () => callBackground('mergeTags', { sources: [...selected], target }));
            }}
          >
            {t('optionsMerge')}
          </button>
        </div>
      )}
      {/* In the page from the start, empty: a live region added with its text in it is not read out
          (a refused name leaves the focus on its Rename button, so only the region says why). */}
      <p ref={status} tabIndex={-1} class={message?.error ? 'message error' : 'message'} role="status">
        {message?.text ?? ''}
      </p>
    </section>
  );
}
