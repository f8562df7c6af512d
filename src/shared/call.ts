import {
  type BackgroundCalls,
  type CallName,
  type ContentCalls,
  type Reply,
  type Request,
  type Result,
} from './messages';
import { sendMessage, sendTabMessage } from './runtime';
import { t } from './i18n';

async function unwrap<T>(pending: Promise<unknown>): Promise<T> {
  let result: Result<T> | undefined;
  try {
    result = (await pending) as Result<T> | undefined;
  } catch (error) {
    // A content script whose extension was reloaded or updated can no longer reach it.
    if (String((error as Error)?.message ?? error).includes('context invalidated')) throw new Error(t('errorReloaded'), { cause: error });
    throw error;
  }
  // No answer at all means no listener: the background is restarting or the tab has no content script.
  if (!result) throw new Error(t('errorNoAnswer'));
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

/** Calls the background; rejects with a readable message when the call fails there. */
export function callBackground<K extends CallName<BackgroundCalls>>(
  name: K,
  req: Request<BackgroundCalls, K>,
): Promise<Reply<BackgroundCalls, K>> {
  return unwrap(sendMessage({ pm: 'call', name, req }));
}

/** Calls the content script of one tab. */
export function callTab<K extends CallName<ContentCalls>>(
  tabId: number,
  name: K,
  req: Request<ContentCalls, K>,
): Promise<Reply<ContentCalls, K>> {
  return unwrap(sendTabMessage(tabId, { pm: 'call', name, req }));
}
