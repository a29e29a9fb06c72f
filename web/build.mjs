// Bundles the dashboard into dist/: app.js (+ app.css with Leaflet's styles), sw.js, index.html and the map's geo/
// files. Minified, no source maps, no inline scripts (the server's CSP forbids them).
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
// The map's boundaries (with their licences), fetched per state at run time; see public/geo/README.md.
await cp("public/geo", "dist/geo", { recursive: true });
// Installable app: the manifest and its icons.
await copyFile("public/manifest.webmanifest", "dist/manifest.webmanifest");
await cp("public/icons", "dist/icons", { recursive: true });
for (const file of ["app.js", "app.css", "sw.js"]) console.log(`dist/${file} ${((await stat(`dist/${file}`)).size / 1024).toFixed(1)} KiB`);
