// run_notebook.js opens a notebook in a running JupyterLab with headless
// Chromium (driven by playwright-core), runs all its cells from the Run menu,
// waits until every code cell has an execution count and the kernel is idle,
// takes a screenshot and prints a JSON summary of what the page shows on the
// last line of stdout. kernel/lab_test.go (TestJupyterLab) runs it and makes
// the assertions; this script only fails (exit 1) when it cannot drive the
// page at all. A timeout still yields a summary and a screenshot, with
// "timedOut": true.
//
// Usage (NODE_PATH must hold playwright-core, see scripts/ensure-lab.sh):
//
//   node run_notebook.js --base http://127.0.0.1:PORT --token TOKEN \
//     --notebook quickstart.ipynb --screenshot OUT.png \
//     [--chromium /usr/bin/chromium] [--timeout-ms 180000] [--marker ARG]
//
// --marker adds ARG to Chromium's command line (Chromium ignores switches it
// does not know), so that the caller can find and kill a Chromium left over
// by a crashed script: playwright starts the browser in a process group of
// its own.
//
// JupyterLab must run with LabApp.expose_app_in_browser=True: the summary
// reads the notebook model (execution counts, output types and bundles)
// through window.jupyterapp, besides the rendered DOM.
'use strict';

const { chromium } = require('playwright-core');

function parseArgs(argv) {
  const out = {
    chromium: '/usr/bin/chromium',
    timeoutMs: 180000,
  };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const v = argv[i + 1];
    switch (k) {
      case '--base': out.base = v; i++; break;
      case '--token': out.token = v; i++; break;
      case '--notebook': out.notebook = v; i++; break;
      case '--screenshot': out.screenshot = v; i++; break;
      case '--chromium': out.chromium = v; i++; break;
      case '--timeout-ms': out.timeoutMs = Number(v); i++; break;
      case '--marker': out.marker = v; i++; break;
      default: throw new Error(`unknown argument ${k}`);
    }
  }
  for (const k of ['base', 'token', 'notebook', 'screenshot']) {
    if (!out[k]) throw new Error(`--${k} is required`);
  }
  return out;
}

const t0 = Date.now();
function log(msg) {
  process.stderr.write(`run_notebook: +${((Date.now() - t0) / 1000).toFixed(1)}s ${msg}\n`);
}

// State of the current notebook, read in the page through window.jupyterapp.
function notebookState() {
  const app = window.jupyterapp;
  if (!app) return { ready: false, why: 'window.jupyterapp missing' };
  const w = app.shell.currentWidget;
  if (!w || !w.content || !w.content.model || !w.sessionContext) {
    return { ready: false, why: 'no notebook panel is current' };
  }
  const sc = w.sessionContext;
  const kernel = sc.session && sc.session.kernel;
  const cells = [];
  const model = w.content.model;
  for (let i = 0; i < model.cells.length; i++) {
    const c = model.cells.get(i);
    const cell = { index: i, type: c.type, source: c.sharedModel.getSource() };
    if (c.type === 'code') {
      cell.executionCount = c.executionCount;
      cell.outputs = [];
      for (let j = 0; j < c.outputs.length; j++) {
        const o = c.outputs.get(j).toJSON();
        const out = { outputType: o.output_type };
        if (o.output_type === 'stream') {
          out.name = o.name;
          out.text = Array.isArray(o.text) ? o.text.join('') : o.text;
        } else if (o.output_type === 'error') {
          out.ename = o.ename;
          out.evalue = o.evalue;
          out.traceback = (o.traceback || []).join('\n');
        } else {
          out.mimeTypes = Object.keys(o.data || {});
          const get = (m) => {
            const d = (o.data || {})[m];
            return d === undefined ? undefined : Array.isArray(d) ? d.join('') : String(d);
          };
          out.html = get('text/html');
          out.text = get('text/plain');
        }
        cell.outputs.push(out);
      }
    }
    cells.push(cell);
  }
  return {
    ready: true,
    path: w.context && w.context.path,
    kernelName: kernel ? kernel.name : null,
    kernelDisplayName: sc.kernelDisplayName,
    kernelStatus: kernel ? kernel.status : null,
    kernelDisplayStatus: sc.kernelDisplayStatus,
    cells,
  };
}

// What the rendered notebook shows, per code cell, from the DOM.
function domState() {
  // The text of a node without its <style> elements (the kernel's HTML
  // fragments carry their style sheet).
  const text = (n) => {
    const c = n.cloneNode(true);
    c.querySelectorAll('style').forEach((st) => st.remove());
    return (c.textContent || '').slice(0, 4000);
  };
  const app = window.jupyterapp;
  const w = app && app.shell.currentWidget;
  const root = (w && w.node) || document;
  const cells = [];
  root.querySelectorAll('.jp-Notebook .jp-Cell').forEach((node, index) => {
    if (!node.classList.contains('jp-CodeCell')) return;
    const prompt = node.querySelector('.jp-InputArea-prompt');
    const outs = Array.from(node.querySelectorAll('.jp-OutputArea-output'));
    cells.push({
      index,
      prompt: prompt ? prompt.textContent.trim() : null,
      outputs: outs.map((o) => ({
        mime: o.getAttribute('data-mime-type'),
        classes: o.className,
        text: text(o),
      })),
      sparkgoTables: Array.from(node.querySelectorAll('.jp-OutputArea-output .sparkgo.sg-table')).map((t) => ({
        rows: t.querySelectorAll('tbody tr').length,
        text: text(t),
        visible: t.getBoundingClientRect().height > 0,
      })),
      sparkgoErrors: Array.from(node.querySelectorAll('.jp-OutputArea-output .sparkgo.sg-error')).map(text),
    });
  });
  return {
    cells,
    dialogs: Array.from(document.querySelectorAll('.jp-Dialog')).map((d) => (d.textContent || '').slice(0, 1000)),
  };
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const args = ['--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--no-default-browser-check'];
  if (opts.marker) args.push(opts.marker);
  if (typeof process.getuid === 'function' && process.getuid() === 0) {
    args.push('--no-sandbox');
  }
  log(`launching ${opts.chromium} headless`);
  const browser = await chromium.launch({
    executablePath: opts.chromium,
    headless: true,
    args,
    timeout: 60000,
  });
  const summary = {
    timedOut: false,
    kernelDialog: null,
    screenshot: opts.screenshot,
    console: [],
    pageErrors: [],
  };
  // Closing the browser kills Chromium; the caller kills the process group
  // too, in case this script dies first.
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 2600 } });
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' && summary.console.length < 50) summary.console.push(m.text().slice(0, 500));
    });
    page.on('pageerror', (e) => {
      if (summary.pageErrors.length < 50) summary.pageErrors.push(String(e).slice(0, 500));
    });

    const url = `${opts.base}/lab/tree/${encodeURI(opts.notebook)}?token=${encodeURIComponent(opts.token)}`;
    log(`opening ${opts.base}/lab/tree/${opts.notebook}`);
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60000 });
    await page.waitForFunction(() => window.jupyterapp && window.jupyterapp.started !== undefined, null, { timeout: 60000 });
    await page.evaluate(() => window.jupyterapp.restored);
    log('JupyterLab restored');

    // Wait for the notebook panel, answering a kernel selection dialog if
    // one comes up (it does when the notebook's kernelspec is not found).
    const deadline = Date.now() + 60000;
    for (;;) {
      const dialog = await page.$('.jp-Dialog');
      if (dialog) {
        const text = (await dialog.textContent()) || '';
        summary.kernelDialog = text.slice(0, 500);
        log(`dialog: ${text.slice(0, 200).replace(/\s+/g, ' ')}`);
        const select = await dialog.$('select');
        if (select) {
          const options = await select.$$eval('option', (os) => os.map((o) => ({ value: o.value, label: o.textContent })));
          const go = options.find((o) => /sparkgo/i.test(o.value) || /sparkgo/i.test(o.label || ''));
          if (!go) throw new Error(`kernel dialog offers no sparkgo kernel: ${JSON.stringify(options)}`);
          await select.selectOption(go.value);
        }
        await dialog.$eval('.jp-Dialog-button.jp-mod-accept', (b) => b.click());
        await page.waitForTimeout(300);
        continue;
      }
      const st = await page.evaluate(notebookState);
      if (st.ready && st.kernelName) {
        log(`notebook ${st.path} open with kernel ${st.kernelName} (${st.kernelDisplayName}), status ${st.kernelStatus}`);
        break;
      }
      if (Date.now() > deadline) throw new Error(`the notebook did not open with a kernel: ${JSON.stringify(st).slice(0, 500)}`);
      await page.waitForTimeout(250);
    }
    // Wait for the kernel to come up before running: Run All on a kernel
    // still starting works too, but this separates start failures.
    await page.waitForFunction(() => {
      const w = window.jupyterapp.shell.currentWidget;
      const k = w.sessionContext.session && w.sessionContext.session.kernel;
      return k && k.status === 'idle';
    }, null, { timeout: 60000 });
    log('kernel idle');

    // Close the file browser: more room for the notebook on the screenshot.
    await page.evaluate(() => window.jupyterapp.shell.collapseLeft());

    // Run → Run All Cells, as a person would.
    await page.click('.lm-MenuBar-itemLabel:text-is("Run")');
    await page.click('.lm-Menu-itemLabel:text-is("Run All Cells")');
    log('Run All Cells clicked');

    const remaining = Math.max(opts.timeoutMs - (Date.now() - t0), 10000);
    try {
      await page.waitForFunction(() => {
        const w = window.jupyterapp.shell.currentWidget;
        const model = w.content.model;
        let pending = false;
        let failed = false;
        for (let i = 0; i < model.cells.length; i++) {
          const c = model.cells.get(i);
          if (c.type !== 'code') continue;
          if (!c.executionCount) pending = true;
          for (let j = 0; j < c.outputs.length; j++) {
            if (c.outputs.get(j).type === 'error') failed = true;
          }
        }
        // Run All stops at a cell that fails: then the cells after it
        // keep no execution count, and none is queued ("[*]").
        const queued = Array.from(w.node.querySelectorAll('.jp-InputArea-prompt'))
          .some((p) => p.textContent.includes('*'));
        const k = w.sessionContext.session && w.sessionContext.session.kernel;
        if (!k || k.status !== 'idle' || queued || (pending && !failed)) { window.__sgIdle = 0; return false; }
        // Idle three polls in a row, so that a cell queued behind the last
        // one shows.
        window.__sgIdle = (window.__sgIdle || 0) + 1;
        return window.__sgIdle >= 3;
      }, null, { timeout: remaining, polling: 200 });
      log('the run ended, kernel idle');
    } catch (e) {
      summary.timedOut = true;
      log(`timed out: ${e.message.split('\n')[0]}`);
    }
    // Let the last outputs paint.
    await page.waitForTimeout(500);
    summary.notebook = await page.evaluate(notebookState);
    summary.dom = await page.evaluate(domState);

    // Show the summarise cell's table on the screenshot: scroll the
    // notebook to the top, where the viewport is tall enough for it.
    await page.evaluate(() => {
      const w = window.jupyterapp.shell.currentWidget;
      const s = w.content.node;
      s.scrollTop = 0;
    });
    await page.screenshot({ path: opts.screenshot, fullPage: true });
    log(`screenshot ${opts.screenshot}`);
  } catch (e) {
    // A screenshot of the page as it failed, for the artifact.
    try {
      const pages = browser.contexts().flatMap((c) => c.pages());
      if (pages.length > 0) await pages[0].screenshot({ path: opts.screenshot, fullPage: true });
    } catch (_) {
      // The browser is gone; the error above says why.
    }
    throw e;
  } finally {
    await browser.close();
  }
  summary.elapsedMs = Date.now() - t0;
  process.stdout.write(JSON.stringify(summary) + '\n');
}

main().catch((e) => {
  process.stderr.write(`run_notebook: ${e && e.stack ? e.stack : e}\n`);
  process.exit(1);
});
