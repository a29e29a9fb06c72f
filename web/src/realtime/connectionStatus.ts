// What the header's indicator says: how alerts are reaching this page right now.
import { el, replace } from "../ui/dom";

export type ConnectionState = "connecting" | "live" | "polling" | "offline";

const transports: Record<string, string> = {
  WebSockets: "WebSocket",
  ServerSentEvents: "Server-Sent Events",
  LongPolling: "long polling",
};

export class ConnectionStatus {
  state: ConnectionState = "connecting";
  transport = "";
  #lastContact: Date | null = null;
  readonly element = el("div", { id: "connection-status", class: "status", role: "status", "aria-live": "polite" });
  readonly #listeners: Array<(state: ConnectionState) => void> = [];

  constructor() {
    this.#render();
  }

  onChange(listener: (state: ConnectionState) => void): void {
    this.#listeners.push(listener);
  }

  set(state: ConnectionState, transport = ""): void {
    const changed = state !== this.state;
    this.state = state;
    this.transport = transport;
    if (state === "live" || state === "polling") this.#lastContact = new Date();
    this.#render();
    if (changed) for (const listener of this.#listeners) listener(state);
  }

  contact(): void {
    this.#lastContact = new Date();
    this.#render();
  }

  #render(): void {
    const text = {
      connecting: "Conectando…",
      live: `Ao vivo (${transports[this.transport] ?? this.transport})`,
      polling: "Atualização periódica (tempo real indisponível)",
      offline: "Sem conexão: exibindo alertas salvos neste dispositivo",
    }[this.state];
    this.element.dataset.state = this.state;
    this.element.dataset.transport = this.transport;
    const time = this.#lastContact ? this.#lastContact.toLocaleTimeString("pt-BR", { hour: "2-digit", minute: "2-digit", second: "2-digit" }) : null;
    this.element.title = time ? `Último contato com o servidor: ${time}` : "";
    replace(this.element, el("span", { class: "dot", "aria-hidden": "true" }), el("span", {}, text));
  }
}
