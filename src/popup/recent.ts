import browser from '../shared/browser';
import { isEnvelope } from '../shared/messages';
import { openDatabase } from '../store/db';
import { type LibraryEntry, recentLibrary } from '../store/query';

/** Rows the Library tab shows before the rest of the library is read: about two popup heights. */
export const FIRST_ROWS = 20;

let ahead: Promise<LibraryEntry[]> | undefined;

/**
 * Reads the latest edits ahead, while the reader looks at the page's papers, so that the Library tab
 * opens with its rows. Dropped if a note changes meanwhile: the tab then reads afresh.
 */
export function readRecentAhead(): void {
  if (ahead) return;
  const reading = readRecent();
  ahead = reading;
  reading.catch(() => {
    if (ahead === reading) ahead = undefined;
  });
}

/** The latest edits: the ones read ahead if they are still current, else a fresh read. */
export function takeRecent(): Promise<LibraryEntry[]> {
  const taken = ahead ?? readRecent();
  ahead = undefined;
  return taken;
}

async function readRecent(): Promise<LibraryEntry[]> {
  const db = await openDatabase();
  try {
    return await recentLibrary(db, FIRST_ROWS);
  } finally {
    db.close();
  }
}

browser.runtime.onMessage.addListener((message: unknown) => {
  if (isEnvelope(message) && message.pm === 'event' && (message.name === 'annotationChanged' || message.name === 'libraryChanged')) {
    ahead = undefined;
  }
  return undefined;
});
