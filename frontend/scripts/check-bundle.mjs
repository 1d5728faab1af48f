// Holds the bundle to what the first page needs: the page's entry and everything it loads at
// once (its static imports, its preloads, its styles) carry no Leaflet, and no chunk imports the
// map's chunk statically — the map comes with a screen that shows one, by a dynamic import.
// Run by `npm run build` after `vite build`.
import { readdirSync, readFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";

const ASSETS = resolve(import.meta.dirname, "../dist/assets");
const html = readFileSync(resolve(ASSETS, "../index.html"), "utf8");
/** Leaflet's own class names: in its code and its styles, nowhere else. */
const LEAFLET = /leaflet-(container|pane|tile)/;

const read = (name) => readFileSync(join(ASSETS, name), "utf8");
/** The chunks a chunk imports statically (`import … from "./x.js"`, `import "./x.js"`). */
const staticImports = (code) => [...code.matchAll(/(?:\bfrom|\bimport)\s*["']\.\/([\w.-]+\.js)["']/g)].map((m) => m[1]);

const failures = [];
const initial = new Set([...html.matchAll(/(?:src|href)="\/assets\/([\w.-]+\.(?:js|css))"/g)].map((m) => m[1]));
for (const name of [...initial]) {
  if (name.endsWith(".js")) for (const dep of staticImports(read(name))) initial.add(dep);
}
for (const name of initial) {
  if (LEAFLET.test(read(name))) failures.push(`${name} is loaded with the first page and carries Leaflet`);
}

const chunks = readdirSync(ASSETS).filter((n) => n.endsWith(".js"));
const leaflet = chunks.filter((n) => LEAFLET.test(read(n)));
if (leaflet.length === 0) failures.push("no chunk carries Leaflet: is the map still built?");
for (const name of chunks) {
  for (const dep of staticImports(read(name))) {
    if (leaflet.includes(dep) && !leaflet.includes(name)) failures.push(`${name} imports the map's chunk ${dep} statically`);
  }
}

if (failures.length > 0) {
  console.error(`bundle check failed:\n  ${failures.join("\n  ")}`);
  process.exit(1);
}
console.log(`bundle: the first page loads ${[...initial].map((n) => basename(n)).join(", ")}; Leaflet only in ${leaflet.join(", ")}`);
