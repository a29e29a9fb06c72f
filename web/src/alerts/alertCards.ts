// Live alerts slide up from the bottom as cards: one per alert (a newer version replaces its card), at most three.
import type { EventType, OutbreakAlert } from "../api/types";
import { el, replace } from "../ui/dom";
import { areaName, eventTypeLabels, severityLabels, when } from "./format";

const maxCards = 3;

export class AlertCards {
  readonly element = el("div", { class: "alert-cards", "aria-live": "assertive" });

  constructor(private readonly onOpen: (id: string) => void) {}

  /** @param kind what the card says happened, when not the event type's label (an escalation). */
  show(alert: OutbreakAlert, eventType: EventType, kind = eventTypeLabels[eventType]): void {
    const existing = this.element.querySelector<HTMLElement>(`[data-alert-id="${CSS.escape(alert.id)}"]`);
    const card = existing ?? el("article", { class: "alert-card", role: "alert", "data-alert-id": alert.id });
    card.className = `alert-card severity-${alert.severity}${eventType === "resolved" ? " resolved" : ""}`;
    card.dataset.version = String(alert.version);
    const open = el("button", { type: "button", class: "primary" }, "Ver detalhes");
    open.addEventListener("click", () => {
      this.#dismiss(card);
      this.onOpen(alert.id);
    });
    const close = el("button", { type: "button", class: "link", "aria-label": "Fechar aviso" }, "Fechar");
    close.addEventListener("click", () => this.#dismiss(card));
    replace(card,
      el("p", { class: "card-kind" }, `${kind} · ${severityLabels[alert.severity]}`),
      el("h2", { class: "card-headline" }, alert.headline),
      el("p", { class: "card-meta" }, `${areaName(alert.area)} · atualizado ${when(alert.updatedAt)}`),
      el("div", { class: "card-actions" }, open, close));
    if (!existing) {
      this.element.appendChild(card);
      while (this.element.children.length > maxCards) this.element.firstElementChild!.remove();
    }
  }

  #dismiss(card: HTMLElement): void {
    card.classList.add("leaving");
    card.addEventListener("animationend", () => card.remove(), { once: true });
    window.setTimeout(() => card.remove(), 400);
  }
}
