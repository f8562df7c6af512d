import { storageLocal } from './runtime';

/** The reader's preferences. They live in `storage.local`, which content scripts can read directly. */
export interface Settings {
  /** Adapter id → whether Paper Margin runs there; absent means on. */
  enabledSites: Record<string, boolean>;
}

const DEFAULTS: Settings = { enabledSites: {} };

/** The stored settings, with defaults for anything missing or malformed. */
export async function readSettings(): Promise<Settings> {
  const { settings } = (await storageLocal.get('settings')) as { settings?: Partial<Settings> };
  const enabledSites = settings?.enabledSites && typeof settings.enabledSites === 'object' ? settings.enabledSites : {};
  return { ...DEFAULTS, enabledSites: { ...enabledSites } };
}

export function isSiteEnabled(settings: Settings, adapterId: string): boolean {
  return settings.enabledSites[adapterId] !== false;
}

/** Switches one site on or off over what is stored now, so that another options tab's switches are kept. */
export async function setSiteEnabled(adapterId: string, enabled: boolean): Promise<Settings> {
  const settings = await readSettings();
  settings.enabledSites[adapterId] = enabled;
  await storageLocal.set({ settings });
  return settings;
}
