// The live feed: the SignalR hub with the official client, re-subscribed and resumed from the last sequence after every
// reconnect. It goes straight to a WebSocket (no negotiate request: one socket, one round trip less); if that fails it
// negotiates, and SignalR falls back to Server-Sent Events and long polling on its own. Acks are cumulative (the highest
// sequence processed) and batched, at most one every ackIntervalMs. While no transport gets through, REST polling takes over.
import * as signalR from "@microsoft/signalr";
import type { AlertEvent, EscalationEvent, ResumeResult } from "../api/types";
import type { AlertBook } from "../alerts/alertBook";
import { LoginError, type Session } from "../auth/session";
import type { ConnectionStatus } from "./connectionStatus";
import type { RestPolling } from "./restPolling";
import type { WatchArea } from "./watchAreas";

const maxDelayMs = 30_000;
const ackIntervalMs = 250;

export class AlertConnection {
  #connection: signalR.HubConnection | null = null;
  #failures = 0;
  #timer: number | undefined;
  #stopped = true;
  #transport = "";
  // False once a direct WebSocket failed: then negotiate, which finds what gets through.
  #direct = true;
  #ackTimer: number | undefined;
  #lastAckAt = 0;
  // Set by the server's "reconnect" request: the next attempt waits a random part of this window, not the back-off.
  #requestedWithinMs: number | null = null;

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
    const direct = this.#direct;
    const accessTokenFactory = () => this.session.accessToken();
    const connection = new signalR.HubConnectionBuilder()
      .withUrl("/hubs/alerts", direct
        ? { accessTokenFactory, transport: signalR.HttpTransportType.WebSockets, skipNegotiation: true }
        : { accessTokenFactory })
      .configureLogging({ log: (level, message) => this.#log(level, message) })
      .build();
    if (direct) this.#transport = "WebSockets";
    connection.on("alert", (event: AlertEvent) => {
      this.book.receive(event.alert, "live", event.eventType);
      this.status.contact();
      this.#scheduleAck(connection);
    });
    connection.on("heartbeat", () => this.status.contact());
    // Escalations are news for whoever shows cards, not alert versions: handed on as a DOM event (see dashboard.ts).
    connection.on("escalated", (event: EscalationEvent) => window.dispatchEvent(new CustomEvent("sentinela:escalated", { detail: event })));
    connection.on("resumed", (result: ResumeResult) => {
      // Too far behind to replay: read the log's changes over REST instead.
      if (result.reloadRequired) void this.polling.pollOnce("live").catch(() => undefined);
    });
    // The server is about to close this connection on purpose (draining or rebalancing): come back at once, through the
    // balancer, at a random moment within its window; the resume below replays whatever was missed meanwhile.
    connection.on("reconnect", (request: { withinMilliseconds: number }) => {
      this.#requestedWithinMs = Math.max(0, request.withinMilliseconds);
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
      // A negotiated connection that chose WebSockets: the next reconnect can go straight to one.
      if (this.#transport === "WebSockets") this.#direct = true;
    } catch (error) {
      if (error instanceof LoginError) return;
      await connection.stop().catch(() => undefined);
      if (direct) {
        // The upgrade was refused (a proxy, a blocked WebSocket): negotiate at once, without counting a failure.
        this.#direct = false;
        this.#transport = "";
        void this.#connect();
        return;
      }
      this.#scheduleRetry();
    }
  }

  /** One AckUpTo for everything processed so far: now, or once ackIntervalMs has passed since the last one. */
  #scheduleAck(connection: signalR.HubConnection): void {
    if (this.#ackTimer !== undefined) return;
    const wait = Math.max(0, this.#lastAckAt + ackIntervalMs - Date.now());
    this.#ackTimer = window.setTimeout(() => {
      this.#ackTimer = undefined;
      this.#lastAckAt = Date.now();
      if (this.#connection !== connection) return;
      void connection.send("AckUpTo", this.book.lastSequence).catch(() => undefined);
    }, wait);
  }

  #scheduleRetry(): void {
    window.clearTimeout(this.#timer);
    if (this.#requestedWithinMs !== null) {
      const within = this.#requestedWithinMs;
      this.#requestedWithinMs = null;
      this.#timer = window.setTimeout(() => void this.#connect(), Math.random() * within);
      return;
    }
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
