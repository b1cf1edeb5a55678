// Lays out XHTML files in headless Chromium as a phone shows them with enlarged text, and prints, for
// each, how wide the page and each table came out and which embedded fonts it drew with (JSON). Used by tests/test_epub_accessibility.py.
//   node reflow.cjs NODE_MODULES WIDTH TEXT_SIZE FILE...
// NODE_MODULES holds puppeteer-core (the one DAISY Ace brought); the browser is PUPPETEER_EXECUTABLE_PATH.
"use strict";
const path = require("path");
const url = require("url");
const [modules, width, textSize, ...files] = process.argv.slice(2);
const puppeteer = require(path.join(modules, "puppeteer-core"));

(async () => {
  const browser = await puppeteer.launch({
    executablePath: process.env.PUPPETEER_EXECUTABLE_PATH,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu"], // root on CI: Chromium's sandbox needs an unprivileged user
  });
  const results = {};
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: Number(width), height: 640 });
    for (const file of files) {
      await page.goto(url.pathToFileURL(file).href, { waitUntil: "load" });
      results[file] = await page.evaluate(async (size) => {
        document.documentElement.style.setProperty("font-size", size, "important");
        await document.fonts.ready;
        const box = (e) => { const r = e.getBoundingClientRect(); return { left: r.left, right: r.right }; };
        // a cell's width in em of its own text: a row label squeezed to a letter a line is about 1
        const ems = (c) => c.getBoundingClientRect().width / parseFloat(getComputedStyle(c).fontSize);
        return {
          // the embedded fonts the page drew with: a browser loads a web font only for text set in it
          fonts: Array.from(document.fonts, (f) => (f.status === "loaded" ? f.family.replace(/"/g, "") : null))
            .filter((f) => f !== null),
          viewport: document.documentElement.clientWidth,
          page: document.documentElement.scrollWidth,
          tables: Array.from(document.querySelectorAll("table"), (t) => ({
            ...box(t),
            cells: Math.max(0, ...Array.from(t.querySelectorAll("th, td, caption"), (c) => box(c).right)),
            labels: Math.min(1000, ...Array.from(t.querySelectorAll("tbody th"), ems)),
            grid: t.tHead !== null && t.tHead.getBoundingClientRect().height > 1, // a header row shown
          })),
        };
      }, textSize);
    }
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(results));
})().catch((error) => { console.error(error); process.exit(1); });
