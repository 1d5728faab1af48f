// Precompressed copies of the built assets, for a server that sends them as they are: next to
// every .js, .css, .html, .svg and .json file in dist/ larger than 1 KB, a .gz (gzip, level 9)
// and a .br (brotli, quality 11), each written only when smaller than the file itself.
// Run by `npm run build` after `vite build`; node:zlib only.
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { extname, join, relative, resolve } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const DIST = resolve(import.meta.dirname, "../dist");
const TYPES = new Set([".js", ".css", ".html", ".svg", ".json"]);
const MIN_SIZE = 1024;

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (entry.isFile()) yield path;
  }
}

const totals = { files: 0, raw: 0, gzip: 0, brotli: 0 };
for (const path of files(DIST)) {
  if (!TYPES.has(extname(path)) || statSync(path).size <= MIN_SIZE) continue;
  const raw = readFileSync(path);
  const gzip = gzipSync(raw, { level: 9 });
  const brotli = brotliCompressSync(raw, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
    },
  });
  if (gzip.length < raw.length) writeFileSync(`${path}.gz`, gzip);
  if (brotli.length < raw.length) writeFileSync(`${path}.br`, brotli);
  totals.files += 1;
  totals.raw += raw.length;
  totals.gzip += Math.min(gzip.length, raw.length);
  totals.brotli += Math.min(brotli.length, raw.length);
}
const kb = (n) => `${(n / 1024).toFixed(1)} kB`;
console.log(
  `precompressed ${totals.files} files in ${relative(process.cwd(), DIST) || "."}: ${kb(totals.raw)} → gzip ${kb(totals.gzip)}, brotli ${kb(totals.brotli)}`,
);
