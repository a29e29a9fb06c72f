// The "Fluxo de verificação" card of an alert's details: where the alert stands, its clock (each milestone's time and
// how long after detection), the steps taken by whom, and buttons for the steps the workflow allows next.
import type { AlertClock, AlertDetails, AlertHandling, HandlingState } from "../api/types";
import { ApiError, type Api } from "../api/http";
import { el, replace } from "../ui/dom";
import { when } from "./format";
import { actionLabels, elapsed, needsNote, nextStates, stateLabels } from "./workflow";

const conflictMessages: Record<string, string> = {
  "invalid-transition": "Este passo não é permitido no estado atual do alerta.",
  "already-in-state": "O alerta já está neste estado.",
  "concurrent-transition": "Outra pessoa avançou este alerta agora; veja o estado atualizado.",
};

export class WorkflowPanel {
  readonly element = el("section", { class: "card workflow", id: "workflow" });
  #message = el("p", { class: "form-message", role: "status" });

  constructor(private readonly api: Api, private readonly alertId: string, private readonly offline: boolean) {}

  render(d: AlertDetails): HTMLElement {
    const clock = d.clock ?? { raisedAt: d.alert.raisedAt, state: "received" as HandlingState };
    replace(this.element,
      el("h2", {}, "Fluxo de verificação ",
        el("span", { class: `workflow-state state-${clock.state}`, id: "workflow-state", "data-state": clock.state }, stateLabels[clock.state])),
      el("dl", { class: "stats", id: "workflow-clock" }, ...this.#clockTerms(clock)),
      el("ul", { class: "handling-list", id: "handling-list" }, ...this.#steps(d.handling ?? [])),
      this.offline ? null : this.#form(clock.state),
      this.#message);
    return this.element;
  }

  #clockTerms(c: AlertClock): HTMLElement[] {
    const milestone = (name: string, at: string | undefined, key: string) => at
      ? [el("dt", {}, name), el("dd", { "data-clock": key }, `${when(at)} (${elapsed(c.raisedAt, at)} após a detecção)`)]
      : [];
    const verified = c.verifiedAs === "discarded" ? "Descartado em" : "Confirmado em";
    return [
      el("dt", {}, "Detectado em"), el("dd", { "data-clock": "raised" }, when(c.raisedAt)),
      ...milestone("Recebimento confirmado em", c.acknowledgedAt, "acknowledged"),
      ...milestone("Verificação iniciada em", c.verifyingAt, "verifying"),
      ...milestone(verified, c.verifiedAt, "verified"),
      ...milestone("Encerrado em", c.closedAt, "closed"),
      ...milestone("Escalado à coordenação estadual em", c.escalatedAt, "escalated"),
    ];
  }

  #steps(handling: AlertHandling[]): HTMLElement[] {
    if (!handling.length) return [el("li", { class: "empty" }, "Ninguém registrou tratamento ainda.")];
    return handling.map((h) => el("li", { "data-state": h.state },
      `${stateLabels[h.state]} por ${h.userName || "usuário"} em ${when(h.at)} (versão ${h.alertVersion})`,
      h.note ? el("q", {}, h.note) : null));
  }

  #form(state: HandlingState): HTMLElement | null {
    const next = nextStates[state];
    if (!next.length) return null;
    const note = el("textarea", {
      id: "handling-note", maxlength: "1000", rows: "2",
      placeholder: next.some(needsNote) ? "Justificativa (obrigatória para confirmar, descartar ou encerrar)" : "Observação (opcional)",
    });
    const buttons = next.map((target) => {
      const b = el("button", { type: "button", "data-handling": target }, actionLabels[target]);
      b.addEventListener("click", () => void this.#move(target, note.value.trim(), b));
      return b;
    });
    return el("div", { class: "handling-form" }, note, el("div", { class: "buttons" }, ...buttons));
  }

  async #move(state: HandlingState, note: string, button: HTMLButtonElement): Promise<void> {
    if (needsNote(state) && !note) {
      this.#message.textContent = "Escreva a justificativa antes de confirmar, descartar ou encerrar.";
      return;
    }
    button.disabled = true;
    let said = `Registrado: ${stateLabels[state].toLowerCase()}.`;
    try {
      await this.api.json<AlertHandling>(`/api/alerts/${encodeURIComponent(this.alertId)}/handling`, {
        method: "POST",
        body: JSON.stringify({ state, note: note || null }),
      });
    } catch (error) {
      said = error instanceof ApiError
        ? (error.status === 409 ? conflictMessages[error.problem?.code ?? ""] ?? error.message : error.message)
        : "Sem conexão: não foi possível registrar.";
    }
    try {
      this.render(await this.api.json<AlertDetails>(`/api/alerts/${encodeURIComponent(this.alertId)}`));
    } catch {
      button.disabled = false;
    }
    this.#message.textContent = said;
  }
}
