// Shared by the browser tests: TAP-style checks, a loopback static file
// server and Debian's Chromium through playwright-core.
'use strict';

const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const SKIP = 77;

const tally = { count: 0, failures: 0 };

function ok(cond, what, detail) {
  tally.count++;
  console.log(`${cond ? 'ok' : 'not ok'} ${tally.count} - ${what}`);
  if (!cond) {
    tally.failures++;
    if (detail) console.log(String(detail).replace(/^/gm, '# '));
  }
  return cond;
}

// Prints the plan and the count line; exits 0, or 1 after a failure.
function finish() {
  console.log(`1..${tally.count}`);
  console.log(`${tally.count - tally.failures} passed, ${tally.failures} failed`);
  process.exit(tally.failures ? 1 : 0);
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.pdf': 'application/pdf',
  '.dot': 'text/vnd.graphviz; charset=utf-8',
};

// A static file server on 127.0.0.1, for DIR only (no subfolders).
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

// playwright-core and the path of axe-core, or exit: 77 (skipped) without
// Chromium, 1 without the npm packages.
function requireBrowser() {
  if (!fs.existsSync(CHROMIUM)) {
    console.log(`# SKIP: ${CHROMIUM} is not installed (make test-setup installs Debian's chromium)`);
    process.exit(SKIP);
  }
  try {
    return { playwright: require('playwright-core'), axePath: require.resolve('axe-core/axe.min.js') };
  } catch (e) {
    console.log('# playwright-core or axe-core is missing: run `npm ci` in tests/browser ' +
      '(make test does)');
    process.exit(1);
  }
}

function launch(playwright, profile, viewport) {
  return playwright.chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    viewport: viewport || { width: 1280, height: 900 },
    timeout: 30000,
  });
}

// axe-core on the page with TAGS (all rules when omitted); the violations
// as one line each, for a failure's detail.
async function axe(page, axePath, tags) {
  await page.addScriptTag({ content: fs.readFileSync(axePath, 'utf8') });
  const results = await page.evaluate((t) => window.axe.run(document, Object.assign(
    { resultTypes: ['violations'] }, t ? { runOnly: { type: 'tag', values: t } } : {})), tags);
  const detail = results.violations.map((x) => `${x.id} (${x.impact}): ${x.help}\n` +
    x.nodes.slice(0, 5).map((n) => `  ${n.target.join(' ')}: ${n.failureSummary}`).join('\n'))
    .join('\n');
  return { version: results.testEngine.version, violations: results.violations, detail };
}

async function session(prefix, setup, body) {
  const { playwright, axePath } = requireBrowser();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  let server;
  let context;
  try {
    const dir = await setup(tmp);
    server = await serve(dir);
    const base = `http://127.0.0.1:${server.address().port}/`;
    context = await launch(playwright, path.join(tmp, 'profile'));
    const page = context.pages()[0] || await context.newPage();
    await body({ page, base, dir, axePath });
  } finally {
    if (context) await context.close();
    if (server) server.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  finish();
}

// The frame of a browser test: Chromium (or exit 77, see requireBrowser),
// a temporary folder named from PREFIX (removed at the end), SETUP(tmp)
// returning the folder to serve on a loopback port, and BODY({ page, base,
// dir, axePath }) with a page of a fresh profile and the server's base URL.
// Then finish(); an exception is a "not ok" line and exit status 1.
function run(prefix, setup, body) {
  session(prefix, setup, body).catch((e) => {
    console.log(`not ok - ${e.stack || e}`);
    process.exit(1);
  });
}

module.exports = { ok, finish, serve, requireBrowser, launch, axe, run, tally };
