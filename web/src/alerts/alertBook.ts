// Every alert this dashboard knows, at its latest version. Whatever the channel (REST load, hub, replay, polling), an
// alert version is taken once: dedupe by (id, version), and an older version never replaces a newer one.
import type { EventType, OutbreakAlert } from "../api/types";
import type { AlertCache } from "../offline/alertCache";

export type Arrival = "load" | "live";

export interface AlertChange {
  alert: OutbreakAlert;
  eventType: EventType;
  arrival: Arrival;
  previous?: OutbreakAlert;
}

export function eventTypeOf(alert: OutbreakAlert): EventType {
  return alert.status === "resolved" ? "resolved" : alert.version === 1 ? "raised" : "updated";
}

export class AlertBook {
  readonly #alerts = new Map<string, OutbreakAlert>();
  readonly #listeners: Array<(change: AlertChange) => void> = [];
  #lastSequence = 0;
  #pending: OutbreakAlert[] = [];
  #saving: Promise<void> = Promise.resolve();

  constructor(private readonly cache: AlertCache) {}

  /** Fills the book from this device's cache (no events for the user: they have seen these). */
  async restore(): Promise<void> {
    for (const alert of await this.cache.all()) this.#alerts.set(alert.id, alert);
    this.#lastSequence = Math.max(this.#lastSequence, await this.cache.lastSequence());
  }

  get lastSequence(): number {
    return this.#lastSequence;
  }

  get(id: string): OutbreakAlert | undefined {
    return this.#alerts.get(id);
  }

  /** Newest first. */
  all(): OutbreakAlert[] {
    return [...this.#alerts.values()].sort((a, b) => b.sequence - a.sequence);
  }

  onChange(listener: (change: AlertChange) => void): void {
    this.#listeners.push(listener);
  }

  /** Takes a version if it is new; returns whether it was. */
  receive(alert: OutbreakAlert, arrival: Arrival, eventType: EventType = eventTypeOf(alert)): boolean {
    this.advanceTo(alert.sequence);
    const previous = this.#alerts.get(alert.id);
    if (previous && previous.version >= alert.version) return false;
    this.#alerts.set(alert.id, alert);
    this.#pending.push(alert);
    this.#scheduleSave();
    for (const listener of this.#listeners) listener({ alert, eventType, arrival, previous });
    return true;
  }

  /** Records that the log has been read up to here (a REST listing, a heartbeat after a resume). */
  advanceTo(sequence: number): void {
    if (sequence <= this.#lastSequence) return;
    this.#lastSequence = sequence;
    this.#scheduleSave();
  }

  /** Resolves once everything received so far is in IndexedDB. */
  flushed(): Promise<void> {
    return this.#saving;
  }

  #scheduleSave(): void {
    this.#saving = this.#saving.then(async () => {
      const batch = this.#pending;
      this.#pending = [];
      await this.cache.save(batch, this.#lastSequence).catch(() => undefined);
    });
  }
}
