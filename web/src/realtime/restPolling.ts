// Reads the alert log's changes over REST: the first load, and the last resort when no real-time transport gets through
// (GET /api/alerts?sinceSequence=N with If-None-Match, so an unchanged log costs a 304).
import type { AlertList } from "../api/types";
import type { Api } from "../api/http";
import type { AlertBook, Arrival } from "../alerts/alertBook";
import type { ConnectionStatus } from "./connectionStatus";

const page = 500;

export class RestPolling {
  #timer: number | undefined;

  constructor(private readonly api: Api, private readonly book: AlertBook, private readonly status: ConnectionStatus,
    private readonly intervalMs = 15_000) {}

  get running(): boolean {
    return this.#timer !== undefined;
  }

  /** Reads everything after the book's last sequence; throws when the server cannot be reached. */
  async pollOnce(arrival: Arrival): Promise<void> {
    for (;;) {
      const since = this.book.lastSequence;
      const response = await this.api.fetch(`/api/alerts?sinceSequence=${since}&limit=${page}`, {
        headers: { "If-None-Match": `W/"${since}"` },
        cache: "no-store",
      });
      if (response.status === 304) return;
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const list = (await response.json()) as AlertList;
      for (const alert of list.items) this.book.receive(alert, arrival);
      if (list.items.length < page) {
        this.book.advanceTo(list.lastSequence);
        return;
      }
    }
  }

  start(): void {
    if (this.running) return;
    const tick = async () => {
      try {
        await this.pollOnce("live");
        this.status.set("polling");
      } catch {
        this.status.set("offline");
      }
      if (this.running) this.#timer = window.setTimeout(tick, this.intervalMs);
    };
    this.#timer = window.setTimeout(tick, 0);
  }

  stop(): void {
    window.clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
