import { useEffect } from 'preact/hooks';

// The background's `libraryChanged` says only that many papers changed, not how: the options page
// tells the extension's other pages (the popup's Library) what a rename or merge was, so that a tag
// filter can follow the tag to its new name. Pages of one extension share an origin, so a channel reaches them.
const CHANNEL = 'paper-margin-tag-renames';

/** Tags renamed or merged: the papers that had any of `from` now have `to` (as typed; the library cleans it). */
export type TagRename = { from: string[]; to: string };

/** Tells the extension's open pages that tags were renamed or merged. */
export function announceTagRename(rename: TagRename): void {
  const channel = new BroadcastChannel(CHANNEL);
  channel.postMessage(rename);
  channel.close();
}

/** Calls `onRename` (the first render's) for every rename or merge announced by another page. */
export function useTagRenames(onRename: (rename: TagRename) => void): void {
  useEffect(() => {
    const channel = new BroadcastChannel(CHANNEL);
    channel.onmessage = (event: MessageEvent<TagRename>) => onRename(event.data);
    return () => channel.close();
  }, []);
}
