import { useEffect, useState } from 'preact/hooks';
import browser from '../shared/browser';
import { callBackground } from '../shared/call';
import { useAnnotationEvents } from '../popup/use-annotation-events';
import { t } from '../shared/i18n';

type Info = { usage?: number; quota?: number; persisted: boolean; unlimited: boolean };

function size(bytes: number | undefined): string {
  if (bytes === undefined) return '?';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit ? 1 : 0)} ${units[unit]}`;
}

/** How much room the library takes, and whether the browser may evict it. */
export function StorageSection() {
  const [info, setInfo] = useState<Info>();
  // Chromium answers persist() with false for an extension, whatever the reader does: said, not ignored.
  const [declined, setDeclined] = useState(false);
  const read = async () => {
    const storage = navigator.storage;
    if (!storage?.estimate) return setInfo(undefined);
    // Chromium counts the library's IndexedDB in the estimate only once the background has it open:
    // asked first, a 13 MB library of 10 000 papers read "91.2 KB used". A call that opens it, and
    // reads nothing.
    try {
      await callBackground('getStates', { ids: [] });
    } catch {
      // No background to ask: the estimate is still worth showing.
    }
    const [estimate, persisted, unlimited] = await Promise.all([
      storage.estimate(),
      storage.persisted?.() ?? false,
      // Chromium's quota manager never picks an unlimitedStorage origin's data to evict (the manifest asks for it).
      browser.permissions.contains({ permissions: ['unlimitedStorage'] }).catch(() => false),
    ]);
    setInfo({ usage: estimate.usage, quota: estimate.quota, persisted, unlimited });
  };
  const persist = async () => {
    setDeclined(!(await navigator.storage.persist().catch(() => false)));
    await read();
  };
  // An import or a forget changes the size by megabytes; a note written on a card, hardly.
  useAnnotationEvents(() => undefined, () => void read());
  useEffect(() => {
    // Ask once on open: data the reader wrote should not be evicted under disk pressure.
    void (navigator.storage?.persist?.() ?? Promise.resolve(false)).finally(read);
  }, []);
  return (
    <section aria-labelledby="storage-title">
      <h2 id="storage-title">{t('optionsStorage')}</h2>
      {!info ? (
        <p class="help">{t('storageUnknown')}</p>
      ) : (
        <>
          <p class="message" data-usage={info.usage}>
            {t('storageUsage', size(info.usage), size(info.quota))}
          </p>
          <p class="message">{info.persisted ? t('storagePersisted') : info.unlimited ? t('storageUnlimited') : t('storageNotPersisted')}</p>
          {!info.persisted && (
            <div class="buttons">
              <button type="button" onClick={() => void persist()}>
                {t('storagePersist')}
              </button>
            </div>
          )}
          <p class="message" role="status">
            {declined && !info.persisted ? t('storagePersistDeclined') : ''}
          </p>
        </>
      )}
    </section>
  );
}
