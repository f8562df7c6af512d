// Rows for features that are being built when a measure is planned. Each is a null
// row with a note until someone writes it. To add one: create bench/<group>.mjs exporting `group`,
// `measures` and `run({ runs, log })` like bench/load.mjs, register it in bench/run.mjs, and delete
// its entry here.
import { row } from './lib.mjs';

export const group = 'pending';

/** What each pending measure should do, for whoever writes it. */
export const PENDING = [
  // Empty: the popup, search, export and import rows are bench/library.mjs now.
];

export const measures = PENDING.map(({ name, unit }) => ({ name, unit, budget: null }));

/** The pending rows: value null, note "not built". */
export async function run() {
  return PENDING.map(({ name, unit }) => row({ group, name, unit, note: 'not built' }));
}
