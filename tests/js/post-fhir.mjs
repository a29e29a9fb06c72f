// Posts FHIR resources to Sentinela with fhir-kit-client (an independent npm FHIR client, JSON only), one per request
// line on stdin ({"file": path, "post": "/fhir/Observation"}), and answers each with one JSON line: the status, the
// Location or the Bundle entries' locations, the OperationOutcome's issues, and whether the client could read back what
// it created. Driven by tests/Sentinela.Tests/Ingestion/CorpusTests.cs; the lab's API key comes through the environment.
import { Client } from "fhir-kit-client";
import { readFileSync, writeSync } from "node:fs";
import { createInterface } from "node:readline";

const say = (value) => writeSync(1, JSON.stringify(value) + "\n");
const [baseUrl] = process.argv.slice(2);
const client = new Client({ baseUrl, customHeaders: { "X-Api-Key": process.env.SENTINELA_API_KEY ?? "" } });

const describe = (outcome) => (outcome?.issue ?? []).map((i) => `${i.code} ${(i.expression ?? []).join(",")} ${i.diagnostics ?? ""}`);

async function post(step) {
  const body = JSON.parse(readFileSync(step.file, "utf8"));
  try {
    const answer = step.post === "/fhir"
      ? await client.transaction({ body })
      : await client.create({ resourceType: step.post.replace("/fhir/", ""), body });
    const response = Client.httpFor(answer).response;
    const entries = answer.resourceType === "Bundle" ? answer.entry ?? [] : [];
    const location = response.headers.get("location") ?? entries.map((e) => e.response?.location).find((l) => l);
    const issues = entries.flatMap((e) => describe(e.response?.outcome));
    let readBack = null;
    if (location) {
      try { readBack = (await client.request(location.replace(/^\/?fhir\//, ""))).resourceType; } catch (e) { readBack = `HTTP ${e.response?.status ?? e.message}`; }
    }
    return { status: response.status, location, issues, entryStatuses: entries.map((e) => e.response?.status ?? ""), readBack };
  } catch (error) {
    if (!error.response) throw error;
    return { status: error.response.status, location: null, issues: describe(error.response.data), entryStatuses: [], readBack: null };
  }
}

for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim()) say(await post(JSON.parse(line)));
}
