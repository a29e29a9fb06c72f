// Connects with the official JavaScript SignalR client, watches an area, and prints the first alert event it receives
// as one JSON line (after acknowledging it). Exits 1 if none arrives within the timeout. Driven by tests/Sentinela.Tests/Delivery/JavaScriptClientTests.cs.
import * as signalR from "@microsoft/signalr";
import { writeSync } from "node:fs";

// Once @microsoft/signalr is loaded, console.log to a pipe is held until exit; the test reads lines as they come.
const say = (line) => writeSync(1, line + "\n");

const [hubUrl, transportName = "WebSockets", timeoutMs = "30000"] = process.argv.slice(2);
// The access token comes through the environment, not the command line other users can read.
const accessToken = process.env.SENTINELA_TOKEN ?? "";
const transport = signalR.HttpTransportType[transportName];

const connection = new signalR.HubConnectionBuilder()
  .withUrl(hubUrl, { transport, accessTokenFactory: () => accessToken })
  .configureLogging(signalR.LogLevel.Warning)
  .build();

const received = new Promise((resolve) => {
  connection.on("alert", async (event) => {
    await connection.invoke("AckUpTo", event.sequence);
    resolve(event);
  });
});

connection.on("heartbeat", () => {});

await connection.start();
await connection.invoke("Subscribe", { state: "MG" });
say("READY");

// Set the exit code rather than calling process.exit(), so the connection closes cleanly first.
let timer;
const timeout = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error("no alert received")), Number(timeoutMs)); });
try {
  const event = await Promise.race([received, timeout]);
  say(JSON.stringify(event));
} catch (error) {
  writeSync(2, error.message + "\n");
  process.exitCode = 1;
} finally {
  clearTimeout(timer);
  await connection.stop();
}
