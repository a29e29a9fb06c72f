// The signed-in user's tokens. The access token (15 min) lives only in memory; the one-use refresh token and the user's
// profile are kept in localStorage so a reload, even offline, reopens the dashboard with the alerts saved on this device.
import type { Problem, SessionTokens, User } from "../api/types";

const storageKey = "sentinela.session";
const refreshMargin = 60_000;

export class LoginError extends Error {}

/** The server could not be reached: keep the session and try again later. */
export class OfflineError extends Error {}

interface Stored {
  refreshToken: string;
  user: User;
}

export class Session {
  user: User | null = null;
  #refreshToken: string | null = null;
  #accessToken: string | null = null;
  #expiresAt = 0;
  #refreshing: Promise<string> | null = null;
  #listeners: Array<(user: User | null) => void> = [];

  constructor() {
    const stored = localStorage.getItem(storageKey);
    if (!stored) return;
    try {
      const s = JSON.parse(stored) as Stored;
      this.user = s.user;
      this.#refreshToken = s.refreshToken;
    } catch {
      localStorage.removeItem(storageKey);
    }
  }

  onChange(listener: (user: User | null) => void): void {
    this.#listeners.push(listener);
  }

  async login(cpf: string, password: string): Promise<void> {
    let response: Response;
    try {
      response = await fetch("/api/auth/login", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ cpf, password }) });
    } catch {
      throw new LoginError("Sem conexão com o servidor. Verifique a rede e tente novamente.");
    }
    if (response.status === 401) throw new LoginError("CPF ou senha incorretos.");
    if (response.status === 429) {
      const minutes = Math.max(1, Math.ceil(Number(response.headers.get("Retry-After") ?? "60") / 60));
      throw new LoginError(`Muitas tentativas sem sucesso. Tente novamente em ${minutes} min.`);
    }
    if (!response.ok) throw new LoginError("Não foi possível entrar agora. Tente novamente.");
    this.#accept((await response.json()) as SessionTokens);
    this.#notify();
  }

  /** A valid access token, refreshed when it is about to expire; one refresh at a time (refresh tokens are single-use). */
  async accessToken(): Promise<string> {
    if (this.#accessToken && Date.now() < this.#expiresAt - refreshMargin) return this.#accessToken;
    return this.refresh();
  }

  refresh(): Promise<string> {
    this.#refreshing ??= this.#refresh().finally(() => { this.#refreshing = null; });
    return this.#refreshing;
  }

  async #refresh(): Promise<string> {
    if (!this.#refreshToken) throw new LoginError("Sessão encerrada.");
    let response: Response;
    try {
      response = await fetch("/api/auth/refresh", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ refreshToken: this.#refreshToken }) });
    } catch {
      throw new OfflineError("Sem conexão com o servidor.");
    }
    if (response.status === 401) {
      this.#forget();
      throw new LoginError("Sua sessão expirou. Entre novamente.");
    }
    if (!response.ok) throw new OfflineError(((await response.json().catch(() => ({}))) as Problem).title ?? "Servidor indisponível.");
    const tokens = (await response.json()) as SessionTokens;
    this.#accept(tokens);
    return tokens.accessToken;
  }

  async logout(): Promise<void> {
    const token = this.#refreshToken;
    this.#forget();
    if (token) {
      await fetch("/api/auth/logout", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ refreshToken: token }) }).catch(() => undefined);
    }
  }

  #accept(tokens: SessionTokens): void {
    this.user = tokens.user;
    this.#accessToken = tokens.accessToken;
    this.#expiresAt = Date.parse(tokens.accessTokenExpiresAt);
    this.#refreshToken = tokens.refreshToken;
    localStorage.setItem(storageKey, JSON.stringify({ refreshToken: tokens.refreshToken, user: tokens.user } satisfies Stored));
  }

  #forget(): void {
    const wasSignedIn = this.user !== null;
    this.user = null;
    this.#accessToken = null;
    this.#refreshToken = null;
    localStorage.removeItem(storageKey);
    if (wasSignedIn) this.#notify();
  }

  #notify(): void {
    for (const listener of this.#listeners) listener(this.user);
  }
}
