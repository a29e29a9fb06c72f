// Bundles the dashboard into dist/: app.js (+ app.css with Leaflet's styles), sw.js and index.html. Minified, no source
// maps, no inline scripts (the server's CSP forbids them).
import { build } from "esbuild";
import { copyFile, cp, mkdir, rm, stat } from "node:fs/promises";

await rm("dist", { recursive: true, force: true });
await mkdir("dist", { recursive: true });
const common = { bundle: true, minify: true, target: ["es2022"], logLevel: "warning", legalComments: "none" };
await build({
  ...common,
  entryPoints: { app: "src/main.ts" },
  outdir: "dist",
  format: "esm",
  // Leaflet's CSS points at marker images the app never shows (it draws circles); they are inlined if ever referenced.
  loader: { ".png": "dataurl", ".svg": "dataurl" },
});
await build({ ...common, entryPoints: { sw: "src/sw.ts" }, outdir: "dist", format: "iife" });
await copyFile("public/index.html", "dist/index.html");
// Installable app: the manifest and its icons.
await copyFile("public/manifest.webmanifest", "dist/manifest.webmanifest");
await cp("public/icons", "dist/icons", { recursive: true });
for (const file of ["app.js", "app.css", "sw.js"]) console.log(`dist/${file} ${((await stat(`dist/${file}`)).size / 1024).toFixed(1)} KiB`);
