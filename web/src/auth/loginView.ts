// CPF and password. The CPF is formatted as typed (000.000.000-00); the server accepts it with or without punctuation.
import { el } from "../ui/dom";
import { LoginError, type Session } from "./session";

function formatCpf(text: string): string {
  const d = text.replace(/\D/g, "").slice(0, 11);
  return [d.slice(0, 3), d.slice(3, 6), d.slice(6, 9)].filter(Boolean).join(".") + (d.length > 9 ? `-${d.slice(9)}` : "");
}

export function loginView(session: Session): HTMLElement {
  const cpf = el("input", { id: "cpf", name: "cpf", inputmode: "numeric", autocomplete: "username", required: true, placeholder: "000.000.000-00" });
  const password = el("input", { id: "password", name: "password", type: "password", autocomplete: "current-password", required: true });
  const message = el("p", { class: "error", role: "alert", id: "login-error" });
  const submit = el("button", { type: "submit", class: "primary" }, "Entrar");
  cpf.addEventListener("input", () => { cpf.value = formatCpf(cpf.value); });
  const form = el("form", { class: "login", "aria-label": "Entrar" },
    el("h1", {}, "Sentinela"),
    el("p", { class: "subtitle" }, "Vigilância de hemogramas em tempo real"),
    el("label", { for: "cpf" }, "CPF"), cpf,
    el("label", { for: "password" }, "Senha"), password,
    submit, message);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    submit.disabled = true;
    message.textContent = "";
    try {
      await session.login(cpf.value, password.value);
    } catch (error) {
      message.textContent = error instanceof LoginError ? error.message : "Não foi possível entrar.";
      password.value = "";
    } finally {
      submit.disabled = false;
    }
  });
  return el("main", { class: "login-page" }, form);
}
