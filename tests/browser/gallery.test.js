#!/usr/bin/env node
// The gallery page in a real browser (Debian's Chromium, headless, driven
// by playwright-core):
//   1. every <img> of index.html loaded, with a non-zero natural width;
//   2. in every SVG, no label spills out of its node: for each <g> with
//      class "org", the getBBox() of each <text> lies within the getBBox()
//      of the group's first shape (polygon, rect, path), grown by half its
//      stroke width (a timeline bar is a thick stroked line), with 1px of
//      slack;
//   3. the each-transition stepper works from the keyboard and announces
//      the date;
//   4. axe-core finds no violations on the page.
// A screenshot of the page is left in /tmp/orgviz-gallery.png.
//
// The page comes from GALLERY_DIR when set; otherwise the script builds the
// bundled manifest with $ORGVIZ into a temporary folder (never into out/).
// It serves the folder on a loopback port for the time of the test.
// Exit status: 0 pass, 1 fail, 77 skipped (no Chromium).
'use strict';

const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const SKIP = 77;
const TOLERANCE = 1;
const SCREENSHOT = process.env.SCREENSHOT || path.join(os.tmpdir(), 'orgviz-gallery.png');

let failures = 0;
let count = 0;
function ok(cond, what, detail) {
  count++;
  console.log(`${cond ? 'ok' : 'not ok'} ${count} - ${what}`);
  if (!cond) {
    failures++;
    if (detail) console.log(String(detail).replace(/^/gm, '# '));
  }
  return cond;
}

function galleryDir(tmp) {
  if (process.env.GALLERY_DIR) return process.env.GALLERY_DIR;
  const orgviz = process.env.ORGVIZ;
  const root = process.env.SOURCE_ROOT || path.resolve(__dirname, '..', '..');
  if (!orgviz) throw new Error('set ORGVIZ (the orgviz binary) or GALLERY_DIR');
  const out = path.join(tmp, 'out');
  execFileSync(orgviz, ['build', path.join(root, 'data', 'charts.json'), '--out', out,
    '--quiet'], { stdio: ['ignore', 'inherit', 'inherit'] });
  return out;
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.pdf': 'application/pdf',
  '.dot': 'text/vnd.graphviz; charset=utf-8',
};

// A static file server on 127.0.0.1, for DIR only.
function serve(dir) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    const name = decodeURIComponent(url.pathname).replace(/^\/+/, '') || 'index.html';
    const file = path.join(dir, name);
    if (path.dirname(file) !== path.resolve(dir) || !fs.existsSync(file)) {
      res.writeHead(404);
      res.end();
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

// In an SVG document: every label outside its node's first shape.
function labelsOutside(tolerance) {
  const problems = [];
  let labels = 0;
  for (const g of document.querySelectorAll('g.org')) {
    const shape = g.querySelector('polygon, rect, path');
    if (!shape) {
      problems.push(`${g.id}: no shape`);
      continue;
    }
    // getBBox() leaves out the stroke: a timeline bar is a line drawn
    // with a thick stroke, so the box as drawn grows by half its width
    const bb = shape.getBBox();
    const style = getComputedStyle(shape);
    const stroked = style.stroke !== 'none' && style.stroke !== 'transparent' &&
      style.stroke !== 'rgba(0, 0, 0, 0)';
    const half = stroked ? (parseFloat(style.strokeWidth) || 0) / 2 : 0;
    const box = { x: bb.x - half, y: bb.y - half, width: bb.width + 2 * half,
      height: bb.height + 2 * half };
    for (const t of g.querySelectorAll('text')) {
      labels++;
      const b = t.getBBox();
      if (b.x < box.x - tolerance || b.y < box.y - tolerance ||
          b.x + b.width > box.x + box.width + tolerance ||
          b.y + b.height > box.y + box.height + tolerance) {
        const r = (v) => Math.round(v * 10) / 10;
        problems.push(`${g.id}: "${t.textContent}" at (${r(b.x)}, ${r(b.y)}, ${r(b.width)} x ` +
          `${r(b.height)}) outside (${r(box.x)}, ${r(box.y)}, ${r(box.width)} x ${r(box.height)})`);
      }
    }
  }
  return { groups: document.querySelectorAll('g.org').length, labels, problems };
}

async function main() {
  if (!fs.existsSync(CHROMIUM)) {
    console.log(`# SKIP: ${CHROMIUM} is not installed (make test-setup installs Debian's chromium)`);
    process.exit(SKIP);
  }
  let playwright;
  let axePath;
  try {
    playwright = require('playwright-core');
    axePath = require.resolve('axe-core/axe.min.js');
  } catch (e) {
    console.log('# playwright-core or axe-core is missing: run `npm ci` in tests/browser ' +
      '(make test does)');
    process.exit(1);
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'orgviz-browser-'));
  let server;
  let context;
  try {
    const dir = galleryDir(tmp);
    server = await serve(dir);
    const base = `http://127.0.0.1:${server.address().port}/`;
    context = await playwright.chromium.launchPersistentContext(path.join(tmp, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
      viewport: { width: 1280, height: 900 },
      timeout: 30000,
    });
    const page = context.pages()[0] || await context.newPage();
    // nothing may leave the loopback server
    const outside = [];
    page.on('request', (req) => {
      if (!req.url().startsWith(base) && !req.url().startsWith('data:')) outside.push(req.url());
    });

    // 1. images
    await page.goto(base + 'index.html', { waitUntil: 'load' });
    const imgs = await page.evaluate(async () => {
      const all = Array.from(document.images);
      await Promise.all(all.map((i) => (i.complete ? null : new Promise((r) => {
        i.addEventListener('load', r);
        i.addEventListener('error', r);
      }))));
      return all.map((i) => ({ src: i.getAttribute('src'), w: i.naturalWidth, ok: i.complete }));
    });
    ok(imgs.length > 0, `the page has images (${imgs.length})`);
    const broken = imgs.filter((i) => !i.ok || !(i.w > 0));
    ok(broken.length === 0, 'every image loaded with a natural width > 0',
      broken.map((i) => i.src).join('\n'));

    // 2. labels inside their boxes, in every SVG of the folder
    const svgs = fs.readdirSync(dir).filter((f) => f.endsWith('.svg')).sort();
    for (const svg of svgs) {
      await page.goto(base + svg, { waitUntil: 'load' });
      const r = await page.evaluate(labelsOutside, TOLERANCE);
      ok(r.problems.length === 0,
        `${svg}: ${r.labels} labels of ${r.groups} organisations inside their boxes`,
        r.problems.slice(0, 20).join('\n'));
    }

    // 3. the stepper, from the keyboard
    await page.goto(base + 'index.html', { waitUntil: 'load' });
    const series = await page.$$('[data-series]');
    for (const s of series) {
      const id = await s.getAttribute('id');
      const visible = async () => s.$$eval('.frame', (fs_) => fs_.map((f) => !f.hidden));
      const before = await visible();
      ok(before.filter(Boolean).length === 1 && before[0], `${id}: one date shown at first`);
      const later = await s.$('button[data-step="1"]');
      await later.focus();
      await page.keyboard.press('Enter');
      const after = await visible();
      const live = await s.$eval('[aria-live]', (e) => e.textContent);
      ok(after.filter(Boolean).length === 1 && after[1],
        `${id}: Enter on "Later date" shows the second date`);
      ok(/^Showing .+, 2 of \d+$/.test(live), `${id}: the change is announced ("${live}")`);
      const select = await s.$('select');
      await select.focus();
      await page.keyboard.press('End');
      const last = await visible();
      ok(last[last.length - 1], `${id}: the select steps to the last date with End`);
    }

    // 4. axe-core
    await page.goto(base + 'index.html', { waitUntil: 'load' });
    await page.addScriptTag({ content: fs.readFileSync(axePath, 'utf8') });
    const results = await page.evaluate(() => window.axe.run(document, {
      resultTypes: ['violations'],
    }));
    const v = results.violations;
    ok(v.length === 0, `axe-core ${results.testEngine.version}: no violations`,
      v.map((x) => `${x.id} (${x.impact}): ${x.help}\n` +
        x.nodes.slice(0, 5).map((n) => `  ${n.target.join(' ')}: ${n.failureSummary}`)
          .join('\n')).join('\n'));
    ok(outside.length === 0, 'no request left the loopback server', outside.join('\n'));

    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    console.log(`# screenshot: ${SCREENSHOT}`);
  } finally {
    if (context) await context.close();
    if (server) server.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  console.log(`1..${count}`);
  console.log(`${count - failures} passed, ${failures} failed`);
  process.exit(failures ? 1 : 0);
}

main().catch((e) => {
  console.log(`not ok - ${e.stack || e}`);
  process.exit(1);
});
