// The alert workflow in the dashboard, for dashboard.mjs's "live" run: on the details page of an acknowledged alert,
// start verification and confirm the outbreak with a justification, read the clock's timestamps, then open
// "Indicadores" and read the KPI panel. Fills result.workflow.
export async function workflowToConfirmed(page, result) {
  const workflow = {};
  await page.click("button[data-handling=verifying]");
  await page.waitForSelector("#workflow-state[data-state=verifying]");
  // Confirming without a justification is refused on the page, before any request.
  await page.click("button[data-handling=confirmed]");
  workflow.missingNoteMessage = (await page.textContent("#workflow .form-message"))?.trim();
  await page.fill("#handling-note", "Surto confirmado pela vigilância epidemiológica");
  await page.click("button[data-handling=confirmed]");
  await page.waitForSelector("#workflow-state[data-state=confirmed]");
  workflow.state = (await page.textContent("#workflow-state"))?.trim();
  workflow.clock = (await page.textContent("#workflow-clock"))?.replace(/\s+/g, " ").trim();
  workflow.clockEntries = await page.locator("#workflow-clock dd[data-clock]").evaluateAll((dds) => dds.map((d) => d.dataset.clock));
  workflow.steps = (await page.textContent("#handling-list"))?.replace(/\s+/g, " ").trim();
  workflow.nextActions = await page.locator("#workflow button[data-handling]").evaluateAll((bs) => bs.map((b) => b.dataset.handling));
  workflow.csvButton = (await page.textContent("#evidence-csv"))?.trim();

  await page.click('nav a[data-view="indicadores"]');
  await page.waitForSelector('#kpi-panel[data-loaded="true"]');
  workflow.kpiAlerts = (await page.textContent("#kpi-alerts"))?.trim();
  workflow.kpiVerify = (await page.textContent('.kpi-steps tr[data-step="verify"]'))?.replace(/\s+/g, " ").trim();
  workflow.kpiAcknowledge = (await page.textContent('.kpi-steps tr[data-step="acknowledge"]'))?.replace(/\s+/g, " ").trim();
  workflow.kpiConfirmed = (await page.textContent('.kpi-states li[data-state="confirmed"]'))?.trim();
  result.workflow = workflow;
}
