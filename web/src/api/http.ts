// fetch for the REST API: adds the access token, retries once with a fresh token after a 401, and turns problem
// details into an ApiError with Portuguese text for the user.
import type { Problem } from "./types";
import type { Session } from "../auth/session";

export class ApiError extends Error {
  constructor(readonly status: number, message: string, readonly problem?: Problem) {
    super(message);
  }

  static async from(response: Response): Promise<ApiError> {
    const problem = (await response.json().catch(() => undefined)) as Problem | undefined;
    const message = response.status === 403 ? "Você não tem permissão para isto."
      : response.status === 404 ? "Não encontrado (ou fora da sua jurisdição)."
      : response.status === 429 ? "Muitas requisições; aguarde um pouco."
      : response.status >= 500 ? "O servidor não conseguiu atender agora."
      : "Dados inválidos.";
    return new ApiError(response.status, message, problem);
  }
}

export class Api {
  constructor(private readonly session: Session) {}

  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const send = async (token: string) => {
      const headers = new Headers(init.headers);
      headers.set("Authorization", `Bearer ${token}`);
      if (init.body && !headers.has("Content-Type")) headers.set("Content-Type", "application/json");
      return fetch(path, { ...init, headers });
    };
    let response = await send(await this.session.accessToken());
    if (response.status === 401) response = await send(await this.session.refresh());
    return response;
  }

  async json<T>(path: string, init: RequestInit = {}): Promise<T> {
    const response = await this.fetch(path, init);
    if (!response.ok) throw await ApiError.from(response);
    return (await response.json()) as T;
  }
}
