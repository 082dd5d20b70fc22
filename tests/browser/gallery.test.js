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
//   4. the text version under each picture opens from the keyboard, and
//      the pictures' alt texts are their titles;
//   5. at 320, 375 and 1440 px nothing is wider than the window (tables
//      and full-size charts scroll in regions of their own) and the text
//      version is a table in the accessibility tree; at 375 and 1440 px
//      axe-core finds no violations.
// Screenshots of the page are left in /tmp/orgviz-gallery.png (1440 px),
// -320.png and -375.png.
//
// The page comes from GALLERY_DIR when set; otherwise the script builds the
// bundled manifest with $ORGVIZ into a temporary folder (never into out/).
// It serves the folder on a loopback port for the time of the test.
// Exit status: 0 pass, 1 fail, 77 skipped (no Chromium).
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');
const { ok, axe, run } = require('./lib');

const TOLERANCE = 1;
const SCREENSHOT = process.env.SCREENSHOT || path.join(os.tmpdir(), 'orgviz-gallery.png');
// phones (320: WCAG 1.4.10 reflow; 375: a common phone) and a desktop
const WIDTHS = [320, 375, 1440];
// axe-core takes about ten seconds a run on the gallery: a phone and a desktop
const AXE_WIDTHS = [375, 1440];

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

// Everything wider than the window outside a region that scrolls on its
// own (a table or a full-size chart), with every disclosure open.
function tooWide() {
  document.querySelectorAll('details').forEach((d) => { d.open = true; });
  const wide = [];
  for (const e of document.querySelectorAll('body *')) {
    const r = e.getBoundingClientRect();
    if (r.right > window.innerWidth + 0.5 && !e.closest('.scroll')) {
      wide.push(`${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}: right edge ${Math.round(r.right)}`);
    }
  }
  return { scroll: document.documentElement.scrollWidth, wide };
}

run('orgviz-browser-', galleryDir, async ({ page, base, dir, axePath }) => {
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

  // 4. the text version: a disclosure that opens from the keyboard
  await page.goto(base + 'index.html', { waitUntil: 'load' });
  const summaries = await page.$$('details > summary');
  ok(summaries.length > 0, `the page has disclosures (${summaries.length})`);
  const first = await page.$('details:has(.orgviz-text) > summary');
  await first.focus();
  await page.keyboard.press('Enter');
  const opened = await first.evaluate((s) => s.parentElement.open &&
    s.parentElement.querySelector('table caption').getBoundingClientRect().height > 0);
  ok(opened, 'Enter on "Chart as text" opens it and shows its table');
  const alts = await page.$$eval('figure img', (is) => is.map((i) => i.alt));
  ok(alts.every((a) => a && !/\. /.test(a)), 'picture alts are titles, not the description',
    alts.filter((a) => !a || /\. /.test(a)).join('\n'));

  // 5. no sideways scrolling on phones; axe-core at each width
  for (const w of WIDTHS) {
    await page.setViewportSize({ width: w, height: 900 });
    await page.goto(base + 'index.html', { waitUntil: 'load' });
    const r = await page.evaluate(tooWide);
    ok(r.scroll <= w && r.wide.length === 0,
      `${w} px: nothing wider than the window (page ${r.scroll} px wide)`,
      r.wide.slice(0, 10).join('\n'));
    // the text version stays a table for screen readers, and the
    // column names shown before each value on a phone are not read
    const cdp = await page.context().newCDPSession(page);
    const { nodes } = await cdp.send('Accessibility.getFullAXTree');
    await cdp.detach();
    const seen = nodes.filter((n) => !n.ignored && n.role);
    const headers = seen.filter((n) => n.role.value === 'columnheader').length;
    const doubled = seen.filter((n) => n.role.value === 'cell' && n.name &&
      /^(Type|Code|Place|From|To|Change|Line|Label): /.test(n.name.value));
    ok(headers > 0 && doubled.length === 0, `${w} px: the text version is a table ` +
      `(${headers} column headers), its cells read without their column's name`,
      doubled.slice(0, 5).map((n) => n.name.value).join('\n'));
    if (AXE_WIDTHS.includes(w)) {
      const a = await axe(page, axePath);
      ok(a.violations.length === 0, `${w} px: axe-core ${a.version}: no violations`, a.detail);
    }
    if (w !== 1440) {
      await page.screenshot({ path: SCREENSHOT.replace(/\.png$/, `-${w}.png`), fullPage: true });
    }
  }
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(base + 'index.html', { waitUntil: 'load' });
  ok(outside.length === 0, 'no request left the loopback server', outside.join('\n'));

  await page.screenshot({ path: SCREENSHOT, fullPage: true });
  console.log(`# screenshot: ${SCREENSHOT}`);
});
