#!/usr/bin/env node
// orgviz's SVGs inlined in a web page, in Debian's Chromium (headless,
// playwright-core):
//   1. a page that inlines three charts (H&W on 1 April 2021, west Essex
//      on 1 April 2021, the H&W timeline) and the H&W chart a second time
//      with --id-prefix, as the README tells a page author to: no id twice
//      in the page, every aria-labelledby/-describedby resolves inside its
//      own <svg>, and axe-core finds no violations with the wcag2a,
//      wcag2aa, wcag21a, wcag21aa and best-practice tags;
//   2. a page with the H&W 2021 chart alone: in Chromium's accessibility
//      tree (CDP Accessibility.getFullAXTree) the chart is a
//      graphics-document named by its title and described by its
//      description, every organisation is named exactly once (by its link
//      or its graphics-object), and none of the text drawn in the boxes is
//      read on its own;
//   3. a link inside a chart in an <object> opens in the top window.
// Exit status: 0 pass, 1 fail, 77 skipped (no Chromium).
'use strict';

const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const { ok, axe, run } = require('./lib');

const ROOT = process.env.SOURCE_ROOT || path.resolve(__dirname, '..', '..');
const HW = path.join(ROOT, 'data', 'herefordshire-worcestershire.json');
const WE = path.join(ROOT, 'data', 'west-essex.json');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

function orgviz(...args) {
  if (!process.env.ORGVIZ) throw new Error('set ORGVIZ (the orgviz binary)');
  return execFileSync(process.env.ORGVIZ, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
}

// The SVG without its XML declaration, ready to inline in HTML.
function inlineable(svg) {
  return svg.replace(/^<\?xml[^>]*\?>\s*/, '');
}

function page(title, figures) {
  return '<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n' +
    `<title>${title}</title>\n<style>svg{max-width:100%;height:auto}</style>\n</head>\n<body>\n` +
    `<main>\n<h1>${title}</h1>\n` +
    figures.map((f) => `<h2>${f.heading}</h2>\n<figure>\n${f.svg}\n</figure>\n`).join('') +
    '</main>\n</body>\n</html>\n';
}

// In the page: ids used twice, and ARIA references that do not resolve
// inside their own <svg>.
function idProblems() {
  const seen = new Map();
  const problems = [];
  for (const e of document.querySelectorAll('[id]')) {
    if (seen.has(e.id)) problems.push(`id "${e.id}" twice`);
    seen.set(e.id, e);
  }
  for (const svg of document.querySelectorAll('svg')) {
    for (const attr of ['aria-labelledby', 'aria-describedby']) {
      for (const ref of (svg.getAttribute(attr) || '').split(/\s+/).filter(Boolean)) {
        const target = document.getElementById(ref);
        if (!target || target.closest('svg') !== svg) problems.push(`${attr} "${ref}" is not in its svg`);
      }
    }
  }
  return { ids: seen.size, problems };
}

// The organisations of the chart: the first line of each one's tooltip
// (its name), the whole tooltip, and the texts drawn in its box that are
// drawn nowhere else (the key repeats the type names).
function organisations() {
  const flat = (t) => t.textContent.replace(/\s+/g, ' ').trim();
  const elsewhere = new Set(Array.from(document.querySelectorAll('svg text'))
    .filter((t) => !t.closest('g.org')).map(flat));
  return Array.from(document.querySelectorAll('svg g.org')).map((g) => {
    const title = g.querySelector(':scope > title, :scope > a > title');
    const tip = title ? title.textContent : '';
    return {
      id: g.id,
      name: tip.split('\n')[0],
      tooltip: tip.replace(/\s+/g, ' ').trim(),
      texts: Array.from(g.querySelectorAll('text')).map(flat).filter((t) => !elsewhere.has(t)),
    };
  });
}

function norm(s) {
  return String(s || '').replace(/\s+/g, ' ').trim();
}

async function axTree(page) {
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = await cdp.send('Accessibility.getFullAXTree');
  await cdp.detach();
  return nodes.filter((n) => !n.ignored).map((n) => ({
    role: n.role && n.role.value,
    name: norm(n.name && n.name.value),
    description: norm(n.description && n.description.value),
  }));
}

// The pages of the test, written into TMP: the folder served.
function writePages(tmp) {
  const hw = inlineable(orgviz('chart', HW, '--at', '2021-04-01'));
  const hw2 = inlineable(orgviz('chart', HW, '--at', '2021-04-01', '--id-prefix', 'second-'));
  const we = inlineable(orgviz('chart', WE, '--at', '2021-04-01'));
  const tl = inlineable(orgviz('timeline', HW, '--to', '2025-03-31'));
  fs.writeFileSync(path.join(tmp, 'three.html'), page('Three charts inline', [
    { heading: 'Herefordshire and Worcestershire, 1 April 2021', svg: hw },
    { heading: 'West Essex, 1 April 2021', svg: we },
    { heading: 'Herefordshire and Worcestershire since 2013', svg: tl },
    { heading: 'Herefordshire and Worcestershire again', svg: hw2 },
  ]));
  fs.writeFileSync(path.join(tmp, 'one.html'), page('One chart inline', [
    { heading: 'Herefordshire and Worcestershire, 1 April 2021', svg: hw },
  ]));
  fs.writeFileSync(path.join(tmp, 'hw.svg'), orgviz('chart', HW, '--at', '2021-04-01'));
  fs.writeFileSync(path.join(tmp, 'object.html'), '<!DOCTYPE html>\n<html lang="en-GB">' +
    '<head><meta charset="utf-8"><title>In an object</title></head><body><main>' +
    '<h1>In an object</h1><object data="hw.svg" type="image/svg+xml">H&amp;W</object>' +
    '</main></body></html>\n');
  return tmp;
}

run('orgviz-inline-', writePages, async ({ page: pg, base, dir, axePath }) => {
  // 1. three charts, one of them twice
  await pg.goto(base + 'three.html', { waitUntil: 'load' });
  const ids = await pg.evaluate(idProblems);
  ok(ids.problems.length === 0, `three charts inline: ${ids.ids} ids, none twice, ` +
    'every label and description in its own svg', ids.problems.slice(0, 10).join('\n'));
  const a = await axe(pg, axePath, TAGS);
  ok(a.violations.length === 0, `three charts inline: axe-core ${a.version} ` +
    `(${TAGS.join(', ')}): no violations`, a.detail);

  // 2. the accessibility tree of one inlined chart
  await pg.goto(base + 'one.html', { waitUntil: 'load' });
  const orgs = await pg.evaluate(organisations);
  const tree = await axTree(pg);
  const hw = fs.readFileSync(path.join(dir, 'hw.svg'), 'utf8');
  const title = norm(/<title[^>]*>([^<]*)<\/title>/.exec(hw)[1]);
  const doc = tree.filter((n) => n.role === 'graphics-document');
  ok(doc.length === 1 && doc[0].name === title && doc[0].description.length > 100,
    `the chart is a graphics-document named by its title and described (${tree.length} ` +
    'nodes in the tree)', JSON.stringify(doc).slice(0, 400));
  ok(orgs.length > 90, `the chart has its organisations (${orgs.length})`);
  const named = (o) => tree.filter((n) => n.name === o.tooltip).length;
  const wrong = orgs.filter((o) => named(o) !== 1).map((o) => `${o.id}: named ${named(o)} times`);
  ok(wrong.length === 0, 'every organisation is named exactly once', wrong.slice(0, 10).join('\n'));
  const drawn = new Set(orgs.flatMap((o) => o.texts));
  const loose = tree.filter((n) => (n.role === 'StaticText' || n.role === 'InlineTextBox') &&
    drawn.has(n.name));
  ok(drawn.size > 0 && loose.length === 0,
    `no text drawn in a box (${drawn.size} different texts) is read on its own`,
    loose.slice(0, 10).map((n) => `${n.role} "${n.name}"`).join('\n'));
  const shapes = tree.filter((n) => /^[\u25a0-\u25ff ]+$/.test(n.name));
  ok(shapes.length === 0, 'the key\'s arrowheads are not read out',
    shapes.slice(0, 5).map((n) => `${n.role} "${n.name}"`).join('\n'));

  // 3. in an <object>, links open in the top window
  await pg.goto(base + 'object.html', { waitUntil: 'load' });
  const frame = pg.frames().find((f) => f.url().endsWith('hw.svg'));
  const targets = frame ? await frame.$$eval('a', (as) => as.map((x) => x.getAttribute('target'))) : [];
  ok(targets.length > 0 && targets.every((t) => t === '_top'),
    `in an <object>, every link (${targets.length}) has target="_top"`);
});
