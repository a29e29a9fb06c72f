// The last alerts seen, in IndexedDB, one database per user: the list and map still open offline, and a reload resumes
// from the last sequence instead of refetching everything.
import type { OutbreakAlert } from "../api/types";

const keep = 300;

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

export class AlertCache {
  private constructor(private readonly db: IDBDatabase | null) {}

  static databaseName(userId: string): string {
    return `sentinela-${userId}`;
  }

  /** Opens the user's cache; without IndexedDB (private windows in some browsers) it silently keeps nothing. */
  static async open(userId: string): Promise<AlertCache> {
    if (typeof indexedDB === "undefined") return new AlertCache(null);
    try {
      const open = indexedDB.open(AlertCache.databaseName(userId), 1);
      open.onupgradeneeded = () => {
        const alerts = open.result.createObjectStore("alerts", { keyPath: "id" });
        alerts.createIndex("sequence", "sequence");
        open.result.createObjectStore("meta");
      };
      return new AlertCache(await request(open));
    } catch {
      return new AlertCache(null);
    }
  }

  static async delete(userId: string): Promise<void> {
    if (typeof indexedDB !== "undefined") await request(indexedDB.deleteDatabase(AlertCache.databaseName(userId))).catch(() => undefined);
  }

  async all(): Promise<OutbreakAlert[]> {
    if (!this.db) return [];
    return request(this.db.transaction("alerts").objectStore("alerts").getAll() as IDBRequest<OutbreakAlert[]>);
  }

  async lastSequence(): Promise<number> {
    if (!this.db) return 0;
    return ((await request(this.db.transaction("meta").objectStore("meta").get("lastSequence"))) as number | undefined) ?? 0;
  }

  /** Stores the newest versions and the sequence reached, then drops the oldest alerts beyond the limit. */
  async save(alerts: OutbreakAlert[], lastSequence: number): Promise<void> {
    if (!this.db) return;
    const tx = this.db.transaction(["alerts", "meta"], "readwrite");
    const store = tx.objectStore("alerts");
    for (const alert of alerts) store.put(alert);
    tx.objectStore("meta").put(lastSequence, "lastSequence");
    const count = await request(store.count());
    if (count > keep) {
      let excess = count - keep;
      const cursor = store.index("sequence").openCursor();
      cursor.onsuccess = () => {
        const c = cursor.result;
        if (!c || excess-- <= 0) return;
        c.delete();
        c.continue();
      };
    }
    await done(tx);
  }
}
