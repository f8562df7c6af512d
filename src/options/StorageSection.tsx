import { useEffect, useState } from 'preact/hooks';
import { t } from '../shared/i18n';

type Info = { usage?: number; quota?: number; persisted: boolean };

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
  const read = async () => {
    const storage = navigator.storage;
    if (!storage?.estimate) return setInfo(undefined);
    const [estimate, persisted] = await Promise.all([storage.estimate(), storage.persisted?.() ?? false]);
    setInfo({ usage: estimate.usage, quota: estimate.quota, persisted });
  };
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
          <p class="message">{info.persisted ? t('storagePersisted') : t('storageNotPersisted')}</p>
          {!info.persisted && (
            <div class="buttons">
              <button type="button" onClick={() => void navigator.storage.persist().finally(read)}>
                {t('storagePersist')}
              </button>
            </div>
          )}
        </>
      )}
    </section>
  );
}
