// What a browser gets from a running Proofwire: Lighthouse (desktop preset) and axe-core (WCAG
// 2.1 A and AA) over the pages readers use, in English and Korean, light and dark; console
// errors; the bytes of a first and a repeat visit to a digest day. Exits non-zero when a page
// falls below the bar. The packages come from npm into .tools/audit (scripts/setup.sh).
//   node scripts/browser-audit.mjs BASE_URL PATH...      (e.g. http://127.0.0.1:3000 / /claims)
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const tools = createRequire(join(root, ".tools/audit/package.json"));
const load = async (name) => import(pathToFileURL(tools.resolve(name)).href);
const lighthouse = (await load("lighthouse")).default;
const desktop = (await load("lighthouse/core/config/desktop-config.js")).default;
const chromeLauncher = await load("chrome-launcher");
const puppeteer = (await load("puppeteer-core")).default;
const axeSource = readFileSync(tools.resolve("axe-core/axe.min.js"), "utf8");

const [base, ...paths] = process.argv.slice(2);
if (!base || paths.length === 0) {
  console.error("usage: node scripts/browser-audit.mjs BASE_URL PATH...");
  process.exit(2);
}
// The bar (issue 34): first visit of a digest day with the wasm bundle within 100 KiB.
const BAR = { accessibility: 1, "best-practices": 1, seo: 0.95 };
const FIRST_VISIT_BUDGET = 100 * 1024;
const LANGS = [["en", "en-US,en;q=0.9"], ["ko", "ko-KR,ko;q=0.9"]];

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH || "/usr/bin/chromium",
  chromeFlags: [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
  ],
});
const failures = [];
const fail = (what) => { failures.push(what); console.log(`  FAIL ${what}`); };
try {
  const browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${chrome.port}` });

  console.log("page                         lang  perf  a11y  best  seo   axe light/dark  console");
  for (const [lang, acceptLanguage] of LANGS) {
    for (const path of paths) {
      const url = base + path;
      const lh = await lighthouse(url, {
        port: chrome.port, output: "json", logLevel: "error",
        extraHeaders: { "Accept-Language": acceptLanguage },
      }, desktop);
      const cats = lh.lhr.categories;
      const score = (k) => (cats[k]?.score == null ? "-" : Math.round(cats[k].score * 100));
      const axe = {};
      const consoleErrors = [];
      for (const scheme of ["light", "dark"]) {
        const context = await browser.createBrowserContext();
        const page = await context.newPage();
        // axe is injected as a script; the page's policy allows only its own.
        await page.setBypassCSP(true);
        await page.setExtraHTTPHeaders({ "Accept-Language": acceptLanguage });
        await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: scheme }]);
        page.on("console", (m) => { if (m.type() === "error") consoleErrors.push(m.text()); });
        page.on("pageerror", (e) => consoleErrors.push(String(e)));
        page.on("requestfailed", (r) => consoleErrors.push(`failed: ${r.url()}`));
        const res = await page.goto(url, { waitUntil: "networkidle0" });
        if (!res || res.status() >= 400) consoleErrors.push(`status ${res && res.status()} for ${url}`);
        await page.addScriptTag({ content: axeSource });
        axe[scheme] = await page.evaluate(async () => {
          const r = await globalThis.axe.run(document, {
            runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
          });
          return r.violations.map((v) => `${v.id} (${v.nodes.length}): ${v.nodes[0]?.target}`);
        });
        await context.close();
      }
      console.log(
        `${path.padEnd(28)} ${lang.padEnd(5)} ${String(score("performance")).padEnd(5)} ` +
        `${String(score("accessibility")).padEnd(5)} ${String(score("best-practices")).padEnd(5)} ` +
        `${String(score("seo")).padEnd(5)} ${axe.light.length}/${axe.dark.length}`.padEnd(17) +
        `         ${consoleErrors.length}`,
      );
      for (const [k, min] of Object.entries(BAR)) {
        if (!(cats[k]?.score >= min)) {
          const misses = Object.values(lh.lhr.audits)
            .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode === "binary"
              && cats[k].auditRefs.some((r) => r.id === a.id && r.weight > 0))
            .map((a) => a.id);
          fail(`${path} (${lang}): ${k} ${score(k)} < ${min * 100} — ${misses.join(", ")}`);
        }
      }
      for (const scheme of ["light", "dark"]) {
        for (const v of axe[scheme]) fail(`${path} (${lang}, ${scheme}): axe ${v}`);
      }
      for (const e of consoleErrors) fail(`${path} (${lang}): console: ${e}`);
    }
  }

  // Bytes over the wire for a digest day: a first visit (nothing cached) and a repeat visit.
  const day = paths.find((p) => p.startsWith("/digest/")) || paths[0];
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  const cdp = await page.createCDPSession();
  await cdp.send("Network.enable");
  let bytes = 0;
  cdp.on("Network.loadingFinished", (e) => { bytes += e.encodedDataLength; });
  await page.goto(base + day, { waitUntil: "networkidle0" });
  const first = bytes;
  bytes = 0;
  await page.goto(base + day, { waitUntil: "networkidle0" });
  const repeat = bytes;
  await context.close();
  const kib = (n) => (n / 1024).toFixed(1);
  console.log(`\n${day}: first visit ${kib(first)} KiB (goal ≤ ${kib(FIRST_VISIT_BUDGET)}), repeat visit ${kib(repeat)} KiB`);
  if (first > FIRST_VISIT_BUDGET) fail(`first visit of ${day} is ${kib(first)} KiB`);
  await browser.disconnect();
} finally {
  await chrome.kill();
}
if (failures.length) {
  console.log(`\n${failures.length} problem(s)`);
  process.exit(1);
}
console.log("\nok: every page meets the bar");
