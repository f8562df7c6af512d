import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
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

/** Schema v1. A shipped version's shape is never edited: add a new version and an upgrade step. */
export interface PaperMarginSchema extends DBSchema {
  papers: {
    key: PaperId;
    value: PaperRecord;
    indexes: { updatedAt: number; lastSeenAt: number };
  };
  annotations: {
    key: PaperId;
    value: Annotation;
    indexes: { updatedAt: number; tags: string };
  };
}

export type PaperMarginDB = IDBPDatabase<PaperMarginSchema>;

export const DB_NAME = 'paper-margin';
export const DB_VERSION = 1;

/** Opens (and creates or upgrades) the database. Only the background and extension pages call this. */
export function openDatabase(name = DB_NAME): Promise<PaperMarginDB> {
  return openDB<PaperMarginSchema>(name, DB_VERSION, {
    upgrade(db, oldVersion) {
      if (oldVersion < 1) {
        const papers = db.createObjectStore('papers', { keyPath: 'id' });
        papers.createIndex('updatedAt', 'updatedAt');
        papers.createIndex('lastSeenAt', 'lastSeenAt');
        const annotations = db.createObjectStore('annotations', { keyPath: 'id' });
        annotations.createIndex('updatedAt', 'updatedAt');
        // multiEntry: one index row per tag, so "papers tagged X" is a key range, not a scan.
        annotations.createIndex('tags', 'tags', { multiEntry: true });
      }
    },
    blocking() {
      // A newer version is waiting in another context; let it upgrade rather than block it.
    },
  });
}
