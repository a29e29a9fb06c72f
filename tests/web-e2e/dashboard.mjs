// Drives the dashboard in headless Chromium against a running server, for tests/Sentinela.Tests/Dashboard/DashboardBrowserTests.cs.
//   node dashboard.mjs <baseUrl> <mode> <screenshotDir>
// mode: "live" (log in, see the outbreak arrive on the map as coloured municipalities, check the card stays in view at
//       1400×900 and at phone width, open details, acknowledge it, take it to "confirmed" and read the KPIs
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
const desktop = { width: 1400, height: 900 }, phone = { width: 390, height: 844 };
const outbreakMunicipality = "3118601"; // Contagem, where the test injects the outbreak
// The choropleth's bands from "acima" up (web/src/map/excess.ts): Contagem's half-low platelets must land in one.
const aboveExpected = ["#fdba74", "#f97316", "#9a3412"];

/** Whether the element's box lies wholly inside the viewport. */
async function inViewport(page, locator) {
  const box = await locator.boundingBox();
  const size = page.viewportSize();
  return Boolean(box) && box.x >= 0 && box.y >= 0 && box.x + box.width <= size.width && box.y + box.height <= size.height;
}

const browser = await chromium.launch({ executablePath, headless: true, args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"] });
const result = { mode, timings: {} };
const began = Date.now();
const mark = (name) => { result.timings[name] = Date.now() - began; };
try {
  const context = await browser.newContext({ viewport: desktop, locale: "pt-BR", timezoneId: "America/Sao_Paulo" });
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
  // Off the map, so no municipality sits under a resting pointer when the map flies to the outbreak.
  await page.mouse.move(1, 1);
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
    // The outbreak is drawn as the municipality it covers, in its severity's colour, over the choropleth, whose own
    // polygon for the municipality turns to an "above expected" band once the map refreshes after the alert.
    const area = page.locator(`path.outbreak-area[data-ibge="${outbreakMunicipality}"]`).first();
    await area.waitFor();
    result.outbreakFill = await area.getAttribute("fill");
    result.outbreakSeverity = await area.getAttribute("data-severity");
    await page.waitForFunction(([code, fills]) => fills.includes(document.querySelector(`path.municipality[data-ibge="${code}"]`)?.getAttribute("fill")),
      [outbreakMunicipality, aboveExpected]);
    result.choroplethFill = await page.getAttribute(`path.municipality[data-ibge="${outbreakMunicipality}"]`, "fill");
    result.municipalityPaths = await page.locator("path.municipality").count();
    result.stateBorders = await page.locator("path.state-border").count();
    // Let the map finish flying to the area: zoomed in, the municipalities are named on the map itself.
    await page.waitForTimeout(2500);
    result.labels = await page.locator(".municipality-label").allTextContents();
    // A point inside the municipality (its box's centre may lie in a neighbour), where the pointer names it.
    const inside = await area.evaluate((path) => {
      const box = path.getBBox(), screen = path.getScreenCTM();
      for (let i = 1; i < 20; i++) for (let j = 1; j < 20; j++) {
        const p = new DOMPoint(box.x + box.width * i / 20, box.y + box.height * j / 20);
        if (path.isPointInFill(p)) { const q = p.matrixTransform(screen); return { x: q.x, y: q.y }; }
      }
      return null;
    });
    if (inside) await page.mouse.move(inside.x, inside.y);
    result.hoverTooltips = await page.locator(".leaflet-tooltip:not(.municipality-label)").allInnerTexts();
    result.hoverTooltip = result.hoverTooltips.at(-1)?.trim() ?? "";
    await page.mouse.move(5, 5);
    result.cardInViewDesktop = await inViewport(page, card);
    if (screenshotDir) await page.screenshot({ path: join(screenshotDir, "dashboard-map.png") });
    await page.setViewportSize(phone);
    await page.waitForTimeout(800);
    result.cardInViewPhone = await inViewport(page, card);
    result.mapInViewPhone = await inViewport(page, page.locator("#map"));
    result.pageScrollsSideways = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    if (screenshotDir) await page.screenshot({ path: join(screenshotDir, "dashboard-phone.png") });
    // The alerts list at phone width: its first row within the window, beside the live card.
    await page.evaluate(() => { location.hash = "#/alertas"; });
    await page.waitForSelector("#alert-list .alert-row");
    result.listRowInViewPhone = await inViewport(page, page.locator("#alert-list .alert-row").first());
    await page.evaluate(() => { location.hash = "#/mapa"; });
    await page.setViewportSize(desktop);
    mark("map");
    say("STEP map");

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
      await page.setViewportSize({ width: desktop.width, height: 1200 });
      await page.screenshot({ path: join(screenshotDir, "dashboard-details.png") });
      await page.setViewportSize(desktop);
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
