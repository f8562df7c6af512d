import { type DBSchema, type IDBPDatabase, type IDBPTransaction, openDB } from 'idb';
import type { Annotation } from '../shared/annotation';
import type { Paper, PaperId } from '../shared/paper';

/** A paper as stored: what the pages said about it, and when the user met it. */
export interface PaperRecord extends Paper {
  /** Epoch ms of the first and latest time any page showed it. */
  firstSeenAt: number;
  lastSeenAt: number;
  /** Adapter ids of the sites that showed it. */
  seenOn: string[];
  createdAt: number;
  updatedAt: number;
}

/**
 * The current schema (v2). Each version's step in `openDatabase` is never edited once shipped: a
 * change is a new version and a new step.
 * - v1: `papers` (indexes `updatedAt`, `lastSeenAt`) and `annotations` (indexes `updatedAt`, `tags`).
 * - v2: `papers` loses both indexes.
 */
export interface PaperMarginSchema extends DBSchema {
  papers: {
    key: PaperId;
    value: PaperRecord;
  };
  annotations: {
    key: PaperId;
    value: Annotation;
    indexes: { updatedAt: number; tags: string };
  };
}

/** Schema v1, for its upgrade step: its papers store had two indexes. */
interface PaperMarginSchemaV1 extends DBSchema {
  papers: { key: PaperId; value: PaperRecord; indexes: { updatedAt: number; lastSeenAt: number } };
  annotations: PaperMarginSchema['annotations'];
}

export type PaperMarginDB = IDBPDatabase<PaperMarginSchema>;

export const DB_NAME = 'paper-margin';
export const DB_VERSION = 2;

/**
 * Opens (and creates or upgrades) the database. Only the background and extension pages call this.
 * `version` is for the upgrade tests, which open a database as an older release left it.
 */
export function openDatabase(name = DB_NAME, version = DB_VERSION, onClosed?: () => void): Promise<PaperMarginDB> {
  return openDB<PaperMarginSchema>(name, version, {
    upgrade(current, oldVersion, newVersion, tx) {
      const target = newVersion ?? version;
      if (oldVersion < 1) {
        const db = current as unknown as IDBPDatabase<PaperMarginSchemaV1>;
        const papers = db.createObjectStore('papers', { keyPath: 'id' });
        papers.createIndex('updatedAt', 'updatedAt');
        papers.createIndex('lastSeenAt', 'lastSeenAt');
        const annotations = db.createObjectStore('annotations', { keyPath: 'id' });
        annotations.createIndex('updatedAt', 'updatedAt');
        // multiEntry: one index row per tag, so "papers tagged X" is a key range, not a scan.
        annotations.createIndex('tags', 'tags', { multiEntry: true });
      }
      if (oldVersion < 2 && target >= 2) {
        // Nothing ever queried them, and every write paid for them: each put computes the index keys
        // from a copy of the record, and a feed visit moves every card's `lastSeenAt` row. Without
        // them a 10 000-paper import took 2 510 ms instead of 2 841 ms (medians of 5, same machine).
        const papers = (tx as unknown as IDBPTransaction<PaperMarginSchemaV1, ['papers'], 'versionchange'>).objectStore('papers');
        papers.deleteIndex('updatedAt');
        papers.deleteIndex('lastSeenAt');
      }
    },
    blocking(_currentVersion, _blockedVersion, event) {
      // A newer version waits in another context (after an update): close, so that it can upgrade;
      // the owner opens the database again on its next use.
      (event.target as IDBDatabase).close();
      onClosed?.();
    },
  });
}
