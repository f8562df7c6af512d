import { useEffect } from 'preact/hooks';
import type { Annotation } from '../shared/annotation';
import browser from '../shared/browser';
import { type Events, isEnvelope } from '../shared/messages';

/** Calls `onChange` for every annotation saved anywhere (a card, another popup, an import). */
export function useAnnotationEvents(onChange: (annotation: Annotation) => void): void {
  useEffect(() => {
    const listener = (message: unknown) => {
      if (isEnvelope(message) && message.pm === 'event' && message.name === 'annotationChanged') {
        onChange((message.data as Events['annotationChanged']).annotation);
      }
      return undefined;
    };
    browser.runtime.onMessage.addListener(listener);
    return () => browser.runtime.onMessage.removeListener(listener);
  }, []);
}
