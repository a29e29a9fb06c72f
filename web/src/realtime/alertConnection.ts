// The live feed: the SignalR hub with the official client (WebSockets, falling back to Server-Sent Events and long
// polling on its own), re-subscribed and resumed from the last sequence after every reconnect, each event acknowledged.
// While no transport gets through, REST polling takes over.
import * as signalR from "@microsoft/signalr";
import type { AlertEvent, ResumeResult } from "../api/types";
import type { AlertBook } from "../alerts/alertBook";
import { LoginError, type Session } from "../auth/session";
import type { ConnectionStatus } from "./connectionStatus";
import type { RestPolling } from "./restPolling";
import type { WatchArea } from "./watchAreas";

const maxDelayMs = 30_000;

export class AlertConnection {
  #connection: signalR.HubConnection | null = null;
  #failures = 0;
  #timer: number | undefined;
  #stopped = true;
  #transport = "";

  constructor(private readonly session: Session, private readonly book: AlertBook, private readonly status: ConnectionStatus,
    private readonly polling: RestPolling, private readonly areas: WatchArea[]) {
    window.addEventListener("online", () => this.#retryNow());
    // The system says the network is gone: drop the connection now rather than wait for the keep-alive to time out.
    window.addEventListener("offline", () => void this.#connection?.stop());
  }

  start(): void {
    this.#stopped = false;
    void this.#connect();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    window.clearTimeout(this.#timer);
    this.polling.stop();
    await this.#connection?.stop();
  }

  async #connect(): Promise<void> {
    if (this.#stopped) return;
    if (!this.polling.running) this.status.set(navigator.onLine ? "connecting" : "offline");
    const connection = new signalR.HubConnectionBuilder()
      .withUrl("/hubs/alerts", { accessTokenFactory: () => this.session.accessToken() })
      .configureLogging({ log: (level, message) => this.#log(level, message) })
      .build();
    connection.on("alert", (event: AlertEvent) => {
      this.book.receive(event.alert, "live", event.eventType);
      this.status.contact();
      void connection.invoke("Ack", event.alert.id, event.alert.version).catch(() => undefined);
    });
    connection.on("heartbeat", () => this.status.contact());
    connection.on("resumed", (result: ResumeResult) => {
      // Too far behind to replay: read the log's changes over REST instead.
      if (result.reloadRequired) void this.polling.pollOnce("live").catch(() => undefined);
    });
    connection.onclose(() => {
      if (this.#connection === connection && !this.#stopped) this.#scheduleRetry();
    });
    this.#connection = connection;
    try {
      await connection.start();
      // Taken before subscribing: a live event arriving between Subscribe and Resume must not move the resume point
      // past the events this client missed.
      const resumeFrom = this.book.lastSequence;
      for (const area of this.areas) await connection.invoke("Subscribe", area);
      await connection.invoke("Resume", resumeFrom);
      this.#failures = 0;
      this.polling.stop();
      this.status.set("live", this.#transport);
    } catch (error) {
      if (error instanceof LoginError) return;
      await connection.stop().catch(() => undefined);
      this.#scheduleRetry();
    }
  }

  #scheduleRetry(): void {
    this.#failures++;
    // After a second failure alerts come by polling until a transport gets through again.
    if (this.#failures >= 2) this.polling.start();
    else if (!navigator.onLine) this.status.set("offline");
    const base = Math.min(maxDelayMs, 3000 * 2 ** (this.#failures - 1));
    window.clearTimeout(this.#timer);
    this.#timer = window.setTimeout(() => void this.#connect(), base * (0.8 + Math.random() * 0.4));
  }

  #retryNow(): void {
    if (this.#stopped || this.status.state === "live") return;
    window.clearTimeout(this.#timer);
    void this.#connect();
  }

  #log(level: signalR.LogLevel, message: string): void {
    const selected = /Selecting transport '(\w+)'/.exec(message);
    if (selected) this.#transport = selected[1]!;
    if (level >= signalR.LogLevel.Warning) console.warn(`[SignalR] ${message}`);
  }
}
