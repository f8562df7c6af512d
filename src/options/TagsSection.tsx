import { useState } from 'preact/hooks';
import { callBackground } from '../shared/call';
import { errorMessage } from '../shared/messages';
import { t } from '../shared/i18n';
import { useTags } from '../popup/use-annotation-events';

/** Tags with their counts; rename one, or merge several into one. */
export function TagsSection() {
  // Tags added on a card or renamed in another options tab show up without a reload of the page.
  const [tags, reload] = useTags();
  const [picked, setSelected] = useState<Set<string>>(new Set());
  // Tags renamed or merged away elsewhere leave the selection.
  const selected = new Set(tags.filter((use) => picked.has(use.tag)).map((use) => use.tag));
  const [message, setMessage] = useState<{ text: string; error?: boolean }>();

  const run = async (action: () => Promise<number>) => {
    try {
      const changed = await action();
      setMessage({ text: changed === 1 ? t('optionsTagsChangedOne') : t('optionsTagsChanged', changed) });
      setSelected(new Set());
      reload();
    } catch (error) {
      setMessage({ text: errorMessage(error), error: true });
    }
  };

  return (
    <section aria-labelledby="tags-title">
      <h2 id="tags-title">{t('optionsTags')}</h2>
      {tags.length === 0 ? (
        <p class="help">{t('optionsTagsEmpty')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('optionsTagsHeadTag')}</th>
              <th scope="col">{t('optionsTagsHeadCount')}</th>
              <td />
            </tr>
          </thead>
          <tbody>
            {tags.map((use) => (
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
                    #{use.tag}
                  </label>
                </td>
                <td>{use.count}</td>
                <td>
                  <button
                    type="button"
                    aria-label={t('optionsRenameTag', use.tag)}
                    onClick={() => {
                      const to = prompt(t('optionsRenamePrompt', use.tag), use.tag);
                      // Cancel (null) or the same name: nothing to do. A blank name is said to be none.
                      if (to === null || to === use.tag) return;
                      if (!to.trim()) setMessage({ text: t('optionsTagNameEmpty'), error: true });
                      else void run(() => callBackground('renameTag', { from: use.tag, to }));
                    }}
                  >
                    {t('optionsRename')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {selected.size > 1 && (
        <div class="buttons">
          <button
            type="button"
            onClick={() => {
              const target = prompt(t('optionsMergePrompt', selected.size), [...selected][0]);
              if (target === null) return;
              if (!target.trim()) setMessage({ text: t('optionsTagNameEmpty'), error: true });
              else void run(() => callBackground('mergeTags', { sources: [...selected], target }));
            }}
          >
            {t('optionsMerge')}
          </button>
        </div>
      )}
      {message && (
        <p class={message.error ? 'message error' : 'message'} role="status">
          {message.text}
        </p>
      )}
    </section>
  );
}
