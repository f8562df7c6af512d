import { useEffect, useState } from 'preact/hooks';
import type { Annotation, TagUse } from '../shared/annotation';
import { callBackground } from '../shared/call';
import browser from '../shared/browser';
import { type Events, isEnvelope } from '../shared/messages';

/**
 * Calls `onChange` for every annotation saved anywhere (a card, another popup, an import), and
 * `onLibraryChange` when many papers changed at once (an import, a tag renamed or merged): what the
 * caller shows must then be read again. Both are the first render's: keep what they read in refs.
 */
export function useAnnotationEvents(onChange: (annotation: Annotation) => void, onLibraryChange?: () => void): void {
  useEffect(() => {
    const listener = (message: unknown) => {
      if (!isEnvelope(message) || message.pm !== 'event') return undefined;
      if (message.name === 'annotationChanged') onChange((message.data as Events['annotationChanged']).annotation);
      else if (message.name === 'libraryChanged') onLibraryChange?.();
      return undefined;
    };
    browser.runtime.onMessage.addListener(listener);
    return () => browser.runtime.onMessage.removeListener(listener);
  }, []);
}

/**
 * The tags in use, read at once and again whenever an annotation or the library changes (a tag added
 * on a card, renamed or merged in another tab): the options page's lists. `reload` reads them now.
 * Undefined until first read: a library of 10 000 papers takes seconds to list on a slow machine, and
 * an empty list meanwhile would say "No tags yet" about a library of hundreds.
 */
export function useTags(): [TagUse[] | undefined, () => void] {
  const [tags, setTags] = useState<TagUse[]>();
  const reload = () => void callBackground('getTags', {}).then(setTags, () => undefined);
  useEffect(reload, []);
  useAnnotationEvents(reload, reload);
  return [tags, reload];
}
