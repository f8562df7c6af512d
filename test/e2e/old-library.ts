// Libraries as older releases left them, written and read in the extension's own contexts by the
// upgrade tests (functions passed to `evaluate`: each must stand alone).
/** Run in an extension context (service worker or extension page): raw IndexedDB, as a v1 release of Paper Margin left the library. */
export async function writeV1Library({ id, note }: { id: string; note: string }): Promise<void> {
  const open = indexedDB.open('paper-margin', 1);
  open.onupgradeneeded = () => {
    const papers = open.result.createObjectStore('papers', { keyPath: 'id' });
    papers.createIndex('updatedAt', 'updatedAt');
    papers.createIndex('lastSeenAt', 'lastSeenAt');
    const annotations = open.result.createObjectStore('annotations', { keyPath: 'id' });
    annotations.createIndex('updatedAt', 'updatedAt');
    annotations.createIndex('tags', 'tags', { multiEntry: true });
  };
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  const tx = db.transaction(['papers', 'annotations'], 'readwrite');
  const arxivId = id.slice('arxiv:'.length);
  tx.objectStore('papers').put({
    id, arxivId, title: 'The Llama 3 Herd of Models', authors: [], url: `https://arxiv.org/abs/${arxivId}`, codeLinks: [],
    source: 'arxiv', firstSeenAt: 1, lastSeenAt: 1, seenOn: ['arxiv'], createdAt: 1, updatedAt: 1,
  });
  tx.objectStore('annotations').put({ id, note, tags: ['from v1'], status: 'read', createdAt: 1, updatedAt: 1 });
  await new Promise((resolve, reject) => {
    tx.oncomplete = resolve;
    tx.onabort = () => reject(tx.error);
  });
  db.close();
}

/** Run in an extension context: the database's version and stores, and one paper's record, read with raw IndexedDB. */
export async function readLibrary(id: string) {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const open = indexedDB.open('paper-margin');
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  const tx = db.transaction(['library']);
  const store = tx.objectStore('library');
  const record = await new Promise<{ paper: { seenOn: string[] }; annotation: { note: string } }>((resolve) => {
    const request = store.get(id);
    request.onsuccess = () => resolve(request.result);
  });
  const result = { version: db.version, stores: [...db.objectStoreNames], indexes: [...store.indexNames], seenOn: record.paper.seenOn, note: record.annotation.note };
  db.close();
  return result;
}
