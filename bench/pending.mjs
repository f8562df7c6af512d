// Measure 6: rows for features that were being built when the bench was written. Each is a null
// row with a note until someone writes it. To add one: create bench/<group>.mjs exporting `group`,
// `measures` and `run({ runs, log })` like bench/load.mjs, register it in bench/run.mjs, and delete
// its entry here.
import { row } from './lib.mjs';

export const group = 'pending';

/** What each pending measure should do, for whoever writes it. */
export const PENDING = [
  {
    name: 'Popup first render, 10 000 papers',
    unit: 'ms',
    todo: 'seed 10 000 papers through the background, open popup.html, time until the list has rendered',
  },
  {
    name: 'Search keystroke, 10 000 notes',
    unit: 'ms',
    todo: 'in the popup with 10 000 noted papers, time from one key in the search box to the filtered list',
  },
  {
    name: 'Export all formats, 10 000 papers',
    unit: 'ms',
    todo: 'time each export format over 10 000 papers (one row per format)',
  },
  {
    name: 'Import, 10 000 papers',
    unit: 'ms',
    todo: 'time importing an export of 10 000 papers into an empty profile',
  },
];

export const measures = PENDING.map(({ name, unit }) => ({ name, unit, budget: null }));

/** The pending rows: value null, note "not built". */
export async function run() {
  return PENDING.map(({ name, unit }) => row({ group, name, unit, note: 'not built' }));
}
