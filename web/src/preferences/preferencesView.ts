// The user's notification preferences (GET/PUT /api/user/notification-preferences): which events, from which severity,
// immediate or digest, sound for critical alerts on this dashboard, quiet hours.
import type { EventType, NotificationPreferences, Severity } from "../api/types";
import { ApiError, type Api } from "../api/http";
import { eventTypeLabels, severityLabels } from "../alerts/format";
import { el, replace } from "../ui/dom";
import { browserPushSection } from "./browserPushView";

export class PreferencesView {
  readonly element = el("section", { class: "view preferences-view", "aria-label": "Preferências de notificação" });
  #current: NotificationPreferences | null = null;
  #listeners: Array<(p: NotificationPreferences) => void> = [];

  constructor(private readonly api: Api) {}

  get current(): NotificationPreferences | null {
    return this.#current;
  }

  onChange(listener: (p: NotificationPreferences) => void): void {
    this.#listeners.push(listener);
  }

  async load(): Promise<void> {
    try {
      this.#accept(await this.api.json<NotificationPreferences>("/api/user/notification-preferences"));
    } catch {
      // Offline: keep what we had; the form says so when opened.
    }
  }

  async show(): Promise<void> {
    await this.load();
    const p = this.#current;
    if (!p) {
      replace(this.element, el("h1", {}, "Preferências de notificação"), el("p", { class: "error" }, "Preferências indisponíveis sem conexão."));
      return;
    }
    const types = (Object.keys(eventTypeLabels) as EventType[]).map((t) =>
      el("label", { class: "check" }, el("input", { type: "checkbox", name: "eventTypes", value: t, checked: p.eventTypes.includes(t) }), eventTypeLabels[t]));
    const severity = el("select", { name: "minimumSeverity", id: "pref-severity" },
      ...(Object.keys(severityLabels) as Severity[]).map((s) => el("option", { value: s, selected: s === p.minimumSeverity }, severityLabels[s])));
    const mode = (value: string, label: string) =>
      el("label", { class: "check" }, el("input", { type: "radio", name: "mode", value, checked: p.mode === value }), label);
    const sound = el("input", { type: "checkbox", name: "sound", id: "pref-sound", checked: p.sound });
    const quiet = el("input", { type: "checkbox", name: "quiet", id: "pref-quiet", checked: p.quietHours !== null });
    const start = el("input", { type: "time", name: "quietStart", value: p.quietHours?.start ?? "22:00" });
    const end = el("input", { type: "time", name: "quietEnd", value: p.quietHours?.end ?? "07:00" });
    const message = el("p", { class: "form-message", role: "status", id: "pref-message" });
    const form = el("form", { class: "preferences" },
      el("fieldset", {}, el("legend", {}, "Avisar sobre"), ...types),
      el("label", {}, "Gravidade mínima ", severity),
      el("fieldset", {}, el("legend", {}, "Entrega"), mode("immediate", "Imediata"), mode("digest", "Resumo periódico")),
      el("label", { class: "check" }, sound, "Tocar som em alertas críticos"),
      el("fieldset", {}, el("legend", {}, "Horário de silêncio"),
        el("label", { class: "check" }, quiet, "Ativar"),
        el("label", {}, "Início ", start), el("label", {}, "Fim ", end)),
      el("button", { type: "submit", class: "primary" }, "Salvar"),
      message);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const body: NotificationPreferences = {
        eventTypes: types.map((t) => t.querySelector("input")!).filter((i) => i.checked).map((i) => i.value as EventType),
        minimumSeverity: severity.value as Severity,
        mode: (form.querySelector<HTMLInputElement>("input[name=mode]:checked")?.value ?? "immediate") as NotificationPreferences["mode"],
        sound: sound.checked,
        quietHours: quiet.checked ? { start: start.value, end: end.value } : null,
      };
      try {
        this.#accept(await this.api.json<NotificationPreferences>("/api/user/notification-preferences", { method: "PUT", body: JSON.stringify(body) }));
        message.textContent = "Preferências salvas.";
      } catch (error) {
        const errors = error instanceof ApiError ? Object.keys(error.problem?.errors ?? {}) : [];
        message.textContent = errors.includes("eventTypes") ? "Escolha ao menos um tipo de aviso."
          : errors.some((e) => e.startsWith("quietHours")) ? "Horário de silêncio inválido: início e fim devem ser diferentes."
          : error instanceof ApiError ? error.message : "Sem conexão: não foi possível salvar.";
      }
    });
    replace(this.element, el("h1", {}, "Preferências de notificação"), form, browserPushSection(this.api));
  }

  #accept(p: NotificationPreferences): void {
    this.#current = p;
    for (const listener of this.#listeners) listener(p);
  }
}
