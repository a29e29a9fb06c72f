// What a Web Push from the server carries (Push/WebPush/WebPushPayload.cs) and the notification it becomes. Shared by
// the service worker, which shows it, and by tests.
export interface AlertPush {
  title: string;
  body: string;
  alertId: string;
  version: number;
  priority: "critical" | "normal";
  url: string;
}

export function notificationFor(push: AlertPush): { title: string; options: NotificationOptions } {
  return {
    title: push.title,
    options: {
      body: push.body,
      lang: "pt-BR",
      icon: "/icons/icon-192.png",
      badge: "/icons/icon-192.png",
      // One notification per alert: a later version replaces the earlier one.
      tag: `alerta-${push.alertId}`,
      requireInteraction: push.priority === "critical",
      data: { url: push.url, alertId: push.alertId, version: push.version },
    },
  };
}
