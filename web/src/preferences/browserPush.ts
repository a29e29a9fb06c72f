// Web Push for this browser: subscribe with the server's VAPID key (GET /api/webpush/public-key), register the
// subscription (POST /api/webpush/subscriptions), list and remove the user's browsers (GET/DELETE /api/devices).
import type { Api } from "../api/http";

export interface BrowserDevice {
  deviceId: string;
  updatedAt: string;
  webPush: { endpoint: string } | null;
}

export class BrowserPush {
  constructor(private readonly api: Api) {}

  static get supported(): boolean {
    return "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
  }

  /** This browser's subscription, if it has one. */
  async current(): Promise<PushSubscription | null> {
    return (await navigator.serviceWorker.ready).pushManager.getSubscription();
  }

  /** Asks for permission, subscribes with the server's key and registers the subscription; throws when refused. */
  async enable(): Promise<PushSubscription> {
    if ((await Notification.requestPermission()) !== "granted") throw new PermissionRefused();
    const { publicKey } = await this.api.json<{ publicKey: string }>("/api/webpush/public-key");
    const key = fromBase64Url(publicKey);
    const registration = await navigator.serviceWorker.ready;
    let subscription = await registration.pushManager.getSubscription();
    // A subscription made with another key (the server's pair changed) cannot be reused: subscribe anew.
    if (subscription && !sameBytes(subscription.options.applicationServerKey, key)) {
      await subscription.unsubscribe();
      subscription = null;
    }
    // The browser asks its push service for an endpoint; without a network path to it, some browsers wait indefinitely.
    subscription ??= await withTimeout(registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key }), subscribeTimeoutMs,
      "the browser's push service did not answer");
    await this.api.json("/api/webpush/subscriptions", { method: "POST", body: JSON.stringify(subscription.toJSON()) });
    return subscription;
  }

  /** The user's browsers that receive Web Push. */
  async browsers(): Promise<BrowserDevice[]> {
    return (await this.api.json<BrowserDevice[]>("/api/devices")).filter((d) => d.webPush !== null);
  }

  /** Stops pushes to a browser; when it is this one, its subscription is dropped too. */
  async remove(device: BrowserDevice): Promise<void> {
    const response = await this.api.fetch(`/api/devices/${encodeURIComponent(device.deviceId)}`, { method: "DELETE" });
    if (!response.ok && response.status !== 404) throw new Error(`DELETE ${response.status}`);
    const mine = await this.current();
    if (mine && mine.endpoint === device.webPush?.endpoint) await mine.unsubscribe();
  }
}

export class PermissionRefused extends Error {}

const subscribeTimeoutMs = 20_000;

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} in ${ms / 1000} s`)), ms); });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const base64 = text.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(text.length / 4) * 4, "=");
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

function sameBytes(a: ArrayBuffer | null, b: Uint8Array): boolean {
  if (!a || a.byteLength !== b.length) return false;
  const bytes = new Uint8Array(a);
  return bytes.every((x, i) => x === b[i]);
}
