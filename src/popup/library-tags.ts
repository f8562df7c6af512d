import { useEffect, useRef, useState } from 'preact/hooks';
import type { TagUse } from '../shared/annotation';
import { callBackground } from '../shared/call';

// After the last save of an edit: typing autosaves every 400 ms, and the popup hears each save twice
// (its own answer and the background's broadcast), so one read follows a burst of them.
const REREAD_MS = 300;

/**
 * The library's tags with their counts, for the Library's tag filter. `read()` reads them now,
 * `read(true)` once the saves of an edit stop coming. A read is the background's pass over every
 * annotated paper (0.3–0.7 s at 10 000), so there is one at a time; one asked for meanwhile follows it.
 */
export function useLibraryTags(): [TagUse[], (later?: boolean) => void] {
  const [tags, setTags] = useState<TagUse[]>([]);
  const state = useRef({ timer: undefined as ReturnType<typeof setTimeout> | undefined, reading: false, again: false, gone: false });
  const readNow = () => {
    const now = state.current;
    clearTimeout(now.timer);
    if (now.reading) {
      now.again = true;
      return;
    }
    now.reading = true;
    void callBackground('getTags', {})
      .then((uses) => !now.gone && setTags(uses), () => undefined)
      .finally(() => {
        now.reading = false;
        if (now.again && !now.gone) {
          now.again = false;
          readNow();
        }
      });
  };
  useEffect(
    () => () => {
      state.current.gone = true;
      clearTimeout(state.current.timer);
    },
    [],
  );
  const read = (later = false) => {
    if (!later) return readNow();
    clearTimeout(state.current.timer);
    state.current.timer = setTimeout(readNow, REREAD_MS);
  };
  return [tags, read];
}
