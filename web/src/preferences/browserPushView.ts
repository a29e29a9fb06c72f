// "Notificações neste navegador": turn Web Push on for this browser, and list or remove the browsers that get it, so a
// manager with the dashboard closed still hears about new alerts.
import { ApiError, type Api } from "../api/http";
import { when } from "../alerts/format";
import { el, replace } from "../ui/dom";
import { BrowserPush, PermissionRefused, type BrowserDevice } from "./browserPush";

export function browserPushSection(api: Api): HTMLElement {
  const section = el("section", { class: "browser-push", "aria-label": "Notificações neste navegador" });
  const push = new BrowserPush(api);
  const message = el("p", { class: "form-message", role: "status", id: "push-message" });
  const list = el("ul", { class: "push-browsers", id: "push-browsers" });
  const enable = el("button", { type: "button", class: "primary", id: "push-enable" }, "Ativar notificações neste navegador");

  const render = async () => {
    let browsers: BrowserDevice[] = [];
    let mine: string | undefined;
    try {
      [browsers, mine] = await Promise.all([push.browsers(), push.current().then((s) => s?.endpoint)]);
    } catch {
      message.textContent = "Lista de navegadores indisponível sem conexão.";
    }
    enable.hidden = browsers.some((b) => b.webPush?.endpoint === mine);
    replace(list, ...browsers.map((b) => {
      const remove = el("button", { type: "button", class: "link" }, "Remover");
      remove.addEventListener("click", async () => {
        try {
          await push.remove(b);
          message.textContent = "Navegador removido: ele não receberá mais notificações.";
        } catch {
          message.textContent = "Não foi possível remover agora.";
        }
        await render();
      });
      const name = b.webPush?.endpoint === mine ? "Este navegador" : `Navegador (${new URL(b.webPush!.endpoint).hostname})`;
      return el("li", { "data-device": b.deviceId }, el("span", {}, `${name} — desde ${when(b.updatedAt)} `), remove);
    }));
    if (browsers.length === 0) list.append(el("li", { class: "empty" }, "Nenhum navegador recebe notificações."));
  };

  enable.addEventListener("click", async () => {
    message.textContent = "Ativando…";
    delete message.dataset.error;
    try {
      await push.enable();
      message.textContent = "Notificações ativadas neste navegador.";
    } catch (error) {
      // The browser's own words, for support; the user reads the Portuguese below.
      message.dataset.error = String(error);
      message.textContent = error instanceof PermissionRefused ? "Permissão negada: libere as notificações deste site nas configurações do navegador."
        : error instanceof ApiError ? error.message
        : "Não foi possível ativar as notificações neste navegador.";
    }
    await render();
  });

  if (!BrowserPush.supported) {
    replace(section, el("h2", {}, "Notificações neste navegador"), el("p", {}, "Este navegador não oferece notificações push."));
    return section;
  }
  replace(section, el("h2", {}, "Notificações neste navegador"),
    el("p", {}, "Receba os alertas mesmo com o painel fechado."), enable, list, message);
  void render();
  return section;
}
