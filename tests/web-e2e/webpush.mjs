// The installable app and Web Push in headless Chromium, for tests/Sentinela.Tests/Dashboard/WebPushBrowserTests.cs.
//   node webpush.mjs <baseUrl>
// Credentials come through SENTINELA_CPF / SENTINELA_PASSWORD; SENTINELA_PUSH_PAYLOAD is a push as the server sent it
// (the test's push service decrypted it). Steps: log in with notifications permitted; the manifest, icons, service
// worker and Chromium's own installability check; "Ativar notificações neste navegador" through the real Push API (what
// the environment allows is reported, not faked); then the payload delivered to the real service worker through the
// DevTools protocol (the push service's last hop) with the dashboard open, and again with it closed.
// Prints "RESULT <json>"; exits 1 on failure.
import { chromium } from "playwright-core";
import { writeSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

const say = (line) => writeSync(1, line + "\n");
const [baseUrl] = process.argv.slice(2);
const origin = new URL(baseUrl).origin;
const executablePath = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const payload = process.env.SENTINELA_PUSH_PAYLOAD ?? "";
const timeout = 45_000;

// A profile on disk, not an incognito context: Chromium refuses to install apps (and keeps no push state) in incognito.
const profile = await mkdtemp(join(tmpdir(), "sentinela-webpush-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath, headless: true, args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
  viewport: { width: 1280, height: 800 }, locale: "pt-BR", timezoneId: "America/Sao_Paulo",
});
const result = {};
try {
  context.setDefaultTimeout(timeout);
  await context.grantPermissions(["notifications"], { origin });
  const consoleErrors = [];
  let page = context.pages()[0] ?? await context.newPage();
  page.on("pageerror", (e) => consoleErrors.push(String(e)));

  // 1. Log in; the service worker registers and takes control.
  await page.goto(baseUrl);
  await page.fill("#cpf", process.env.SENTINELA_CPF ?? "");
  await page.fill("#password", process.env.SENTINELA_PASSWORD ?? "");
  await page.click("form.login button[type=submit]");
  await page.waitForSelector(".leaflet-container");
  result.serviceWorkerActive = await page.evaluate(() => navigator.serviceWorker.ready.then((r) => r.active?.scriptURL ?? null));
  result.permission = await page.evaluate(() => Notification.permission);

  // 2. Installable: the manifest the page links, its icons, and Chromium's own verdict.
  const manifestHref = await page.getAttribute('link[rel="manifest"]', "href");
  const manifestResponse = await page.request.get(new URL(manifestHref, baseUrl).href);
  result.manifestContentType = manifestResponse.headers()["content-type"];
  const manifest = await manifestResponse.json();
  result.manifest = { name: manifest.name, lang: manifest.lang, display: manifest.display, startUrl: manifest.start_url };
  result.icons = [];
  for (const icon of manifest.icons) {
    const response = await page.request.get(new URL(icon.src, baseUrl).href);
    result.icons.push({ src: icon.src, sizes: icon.sizes, status: response.status(), type: response.headers()["content-type"] });
  }
  const cdp = await context.newCDPSession(page);
  // Installability needs the service worker to control the page: after a reload it does.
  await page.reload();
  await page.waitForSelector(".leaflet-container");
  result.controlled = await page.evaluate(() => navigator.serviceWorker.controller !== null);
  result.installabilityErrors = (await cdp.send("Page.getInstallabilityErrors")).installabilityErrors.map((e) => e.errorId);
  say("STEP installable");

  // 3. The preferences page subscribes through the real Push API.
  await page.goto(`${baseUrl}#/preferencias`);
  await page.waitForSelector("#push-enable");
  result.enableLabel = (await page.textContent("#push-enable"))?.trim();
  await page.click("#push-enable");
  await page.waitForFunction(() => !/Ativando/.test(document.querySelector("#push-message")?.textContent ?? "Ativando"), null, { timeout: 60_000 });
  result.enableMessage = (await page.textContent("#push-message"))?.trim();
  result.subscription = await page.evaluate(async () => (await (await navigator.serviceWorker.ready).pushManager.getSubscription())?.endpoint ?? null);
  // Why the Push API refused, if it did (the page keeps the browser's error beside its Portuguese message).
  result.subscribeError = await page.getAttribute("#push-message", "data-error");
  result.listedBrowsers = await page.locator("#push-browsers li[data-device]").count();
  say("STEP subscribe");

  // 4. The push's last hop: the browser hands the decrypted message to the service worker. DevTools can do that hop.
  const registrations = [];
  // From a page of no origin of ours, so that closing the dashboard leaves DevTools attached.
  const tools = await context.newPage();
  const sw = await context.newCDPSession(tools);
  sw.on("ServiceWorker.workerRegistrationUpdated", (e) => registrations.push(...e.registrations));
  await sw.send("ServiceWorker.enable");
  const deadline = Date.now() + 10_000;
  while (!registrations.some((r) => r.scopeURL.startsWith(origin)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  const registrationId = registrations.find((r) => r.scopeURL.startsWith(origin))?.registrationId;
  const notifications = (p) => p.evaluate(async () => (await (await navigator.serviceWorker.ready).getNotifications())
    .map((n) => ({ title: n.title, body: n.body, tag: n.tag, lang: n.lang, data: n.data })));
  if (registrationId && payload) {
    // Dashboard open and visible: it already shows the alert in real time, so no notification.
    await sw.send("ServiceWorker.deliverPushMessage", { origin, registrationId, data: payload });
    await page.waitForTimeout(1000);
    result.notificationsWhileOpen = await notifications(page);
    // Dashboard closed: the notification is shown.
    await page.close();
    await sw.send("ServiceWorker.deliverPushMessage", { origin, registrationId, data: payload });
    page = await context.newPage();
    await page.goto(`${baseUrl}#/preferencias`);
    await page.waitForFunction(async () => (await (await navigator.serviceWorker.ready).getNotifications()).length > 0, null, { timeout: 15_000 })
      .catch(() => undefined);
    result.notificationsWhileClosed = await notifications(page);
  } else {
    result.deliverError = registrationId ? "no payload" : "no service worker registration seen over DevTools";
  }
  result.consoleErrors = consoleErrors;
  say(`RESULT ${JSON.stringify(result)}`);
} catch (error) {
  say(`RESULT ${JSON.stringify({ ...result, error: String(error?.stack ?? error) })}`);
  process.exitCode = 1;
} finally {
  await context.close();
  await rm(profile, { recursive: true, force: true });
}
