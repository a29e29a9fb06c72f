// Drives the dashboard in headless Chromium against a running server, for tests/Sentinela.Tests/Dashboard/DashboardBrowserTests.cs.
//   node dashboard.mjs <baseUrl> <mode> <screenshotDir>
// mode: "live" (log in, see the outbreak arrive, open details, acknowledge it, take it to "confirmed" and read the KPIs
//       (workflow.mjs), go offline and read the list),
//       "websocket-blocked" (WebSockets fail as behind a proxy that refuses upgrades: SignalR falls back),
//       "hub-blocked" (every /hubs request and WebSocket fails: REST polling with ETag brings the alert).
// Credentials come through SENTINELA_CPF / SENTINELA_PASSWORD. Prints "READY <transport>" once logged in and live (the test
// then injects the outbreak), progress lines "STEP ...", and finally "RESULT <json>"; exits 1 on failure.
import { chromium } from "playwright-core";
import { writeSync } from "node:fs";
import { join } from "node:path";
import { workflowToConfirmed } from "./workflow.mjs";

const say = (line) => writeSync(1, line + "\n");
const [baseUrl, mode = "live", screenshotDir = ""] = process.argv.slice(2);
const cpf = process.env.SENTINELA_CPF ?? "";
const password = process.env.SENTINELA_PASSWORD ?? "";
const executablePath = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const timeout = 45_000;

const browser = await chromium.launch({ executablePath, headless: true, args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"] });
const result = { mode, timings: {} };
const began = Date.now();
const mark = (name) => { result.timings[name] = Date.now() - began; };
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "pt-BR", timezoneId: "America/Sao_Paulo" });
  context.setDefaultTimeout(timeout);
  const consoleErrors = [];
  if (mode === "websocket-blocked" || mode === "hub-blocked") {
    // What a proxy that refuses the upgrade looks like to a page: the socket errors and closes without ever opening.
    // The whole hub blocked includes its WebSockets: the page opens one directly, and context.route sees only HTTP.
    await context.addInitScript(() => {
      window.WebSocket = class BlockedWebSocket extends EventTarget {
        static CONNECTING = 0; static OPEN = 1; static CLOSING = 2; static CLOSED = 3;
        constructor(url) {
          super();
          this.url = String(url); this.readyState = 3; this.protocol = ""; this.extensions = ""; this.binaryType = "blob";
          setTimeout(() => {
            const error = new Event("error");
            this.onerror?.(error); this.dispatchEvent(error);
            const close = new CloseEvent("close", { code: 1006, wasClean: false });
            this.onclose?.(close); this.dispatchEvent(close);
          }, 10);
        }
        send() { throw new Error("blocked"); }
        close() {}
      };
    });
  }
  if (mode === "hub-blocked") await context.route("**/hubs/**", (route) => route.abort("blockedbyclient"));

  const page = await context.newPage();
  page.on("console", (m) => { if (m.type() === "error") consoleErrors.push(m.text()); });
  page.on("pageerror", (e) => consoleErrors.push(String(e)));

  // 1. Log in.
  await page.goto(baseUrl);
  await page.fill("#cpf", cpf);
  await page.fill("#password", password);
  await page.click("form.login button[type=submit]");
  await page.waitForSelector(".leaflet-container");
  await page.waitForSelector("path.municipality");
  const expected = mode === "hub-blocked" ? "polling" : "live";
  await page.waitForSelector(`#connection-status[data-state="${expected}"]`, { timeout: 60_000 });
  result.transport = await page.getAttribute("#connection-status", "data-transport");
  result.statusText = await page.textContent("#connection-status");
  // A marker that a reload would wipe: the alert must arrive without one.
  await page.evaluate(() => { window.__sameDocument = true; });
  mark("loggedIn");
  say(`READY ${result.transport || expected}`);

  // 2. The test injects an outbreak; the card slides up and the red area appears, live.
  const started = Date.now();
  const card = page.locator(".alert-card", { hasText: "Surto detectado" }).first();
  await card.waitFor({ timeout: mode === "hub-blocked" ? 60_000 : timeout });
  result.cardMs = Date.now() - started;
  result.headline = (await card.locator(".card-headline").textContent())?.trim();
  await page.waitForSelector("path.outbreak-area");
  result.outbreakAreas = await page.locator("path.outbreak-area").count();
  result.outbreakStroke = await page.locator("path.outbreak-area").first().getAttribute("stroke");
  result.sameDocument = await page.evaluate(() => window.__sameDocument === true);
  result.cardsForAlert = await page.locator(".alert-card").count();
  mark("card");
  say(`STEP card ${result.cardMs} ms`);

  if (mode === "live") {
    // Let the map finish flying to the area and the heat map refresh before the picture.
    await page.waitForTimeout(3500);
    if (screenshotDir) await page.screenshot({ path: join(screenshotDir, "dashboard-map.png") });

    // 3. Details: statistics, suggested action; acknowledge.
    await card.locator("button.primary").click();
    await page.waitForSelector("#statistics");
    result.detailsHeadline = (await page.textContent("#details-headline"))?.trim();
    result.statistics = (await page.textContent("#statistics"))?.replace(/\s+/g, " ").trim();
    result.suggestedAction = (await page.textContent("#suggested-action p"))?.trim();
    await page.click("button[data-handling=acknowledged]");
    await page.waitForSelector("#handling-list li[data-state=acknowledged]");
    result.handling = (await page.textContent("#handling-list"))?.trim();
    if (screenshotDir) {
      // The views scroll inside the page: show the top of the details on a taller window.
      await page.evaluate(() => document.querySelector(".content").scrollTo(0, 0));
      await page.setViewportSize({ width: 1280, height: 1200 });
      await page.screenshot({ path: join(screenshotDir, "dashboard-details.png") });
      await page.setViewportSize({ width: 1280, height: 800 });
    }
    mark("details");
    say("STEP details");
    await workflowToConfirmed(page, result);
    mark("workflow");
    say("STEP workflow");

    // 4. Offline: reload (the service worker serves the app) and read the last alerts from IndexedDB.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    await context.setOffline(true);
    await page.goto(`${baseUrl}#/alertas`);
    await page.evaluate(() => { window.__sameDocument = false; });
    await page.reload();
    result.reloadedOffline = await page.evaluate(() => window.__sameDocument === undefined);
    await page.waitForSelector('#connection-status[data-state="offline"]');
    await page.waitForSelector("#alert-list .alert-row");
    result.offlineRows = await page.locator("#alert-list .alert-row").count();
    result.offlineHeadline = (await page.locator("#alert-list .alert-row .row-headline").first().textContent())?.trim();
    result.offlineSummary = (await page.textContent(".list-summary"))?.trim();
    const ids = await page.locator("#alert-list .alert-row").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-alert-id")));
    result.offlineDistinct = new Set(ids).size === ids.length;
    await context.setOffline(false);
    mark("offline");
    say("STEP offline");
  }
  result.consoleErrors = consoleErrors.filter((e) => !/WebSocket|Failed to start the transport|net::ERR|Failed to fetch|Failed to complete negotiation|connection could not|Connection disconnected/i.test(e));
  say(`RESULT ${JSON.stringify(result)}`);
} catch (error) {
  writeSync(2, `${error.stack ?? error}\nstate so far: ${JSON.stringify(result)}\n`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
