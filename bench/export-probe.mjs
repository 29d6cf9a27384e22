// Where the Word export's time goes (issue 15): the sample draft exported N times as bench.mjs's
// export phase does it (click → the file handed to the download link), with timestamps on both
// sides of the worker channel on a common clock (timeOrigin + now):
//   click → posted        the page: Yew's click handler, the job's JSON, the message
//   posted → worker got   the message's trip to the worker (structured clone)
//   worker got → replied  the worker: reading the job, writing the file, the reply's message
//   replied → page got    the reply's trip back
//   page got → Blob       the page: reading the reply, the data: URL (a Blob for a large file)
// Usage: node bench/export-probe.mjs [runs]   (on dist/ as built; PROBE_DRAFT=1 for the ×10 draft)
import { serveDist, launchBrowser } from '../e2e/support.mjs';
import { openWithDraft, DRAFTS, servedRoot, firstExport } from './bench.mjs';
import { namedWasm, useNamed, summarise, printSummary } from './profile.mjs';

const runs = Number(process.argv[2] ?? 60);
// PROBE_PROFILE=1: a CPU profile of the page (every 50 µs) over the runs, with the app's wasm
// swapped for the same build carrying its name section (bench/profile.mjs).
const profiling = process.env.PROBE_PROFILE === '1';
const draft = DRAFTS[Number(process.env.PROBE_DRAFT ?? 0)];

/** On the page, before the app: every worker's posts and replies timestamped. */
function pageProbe() {
  const clock = () => performance.timeOrigin + performance.now();
  window.__probe = { posts: [], got: [], handled: [] };
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (...args) {
    window.__probe.posts.push(clock());
    const r = post.apply(this, args);
    window.__probe.posted = clock();
    return r;
  };
  const desc = Object.getOwnPropertyDescriptor(Worker.prototype, 'onmessage');
  Object.defineProperty(Worker.prototype, 'onmessage', {
    set(handler) {
      desc.set.call(this, handler && ((event) => {
        window.__probe.got.push(clock());
        const r = handler(event);
        window.__probe.handled.push(clock());
        return r;
      }));
    },
    get() {
      return desc.get.call(this);
    },
  });
}

/** In the worker, once it runs: its receipt of each job and its reply timestamped. */
function workerProbe() {
  const clock = () => performance.timeOrigin + performance.now();
  self.__probe = { got: [], replying: [], replied: [] };
  const handler = self.onmessage;
  self.onmessage = (event) => {
    self.__probe.got.push(clock());
    self.__probe.last = event.data;
    return handler(event);
  };
  // The worker's part alone, run back to back on the last job (a copy: its bytes were transferred;
  // the worker gives the file it kept for it, app::lazy):
  // less at the mercy of a busy machine than the round trips.
  self.__alone = (n) => {
    const times = [];
    for (let i = 0; i < n; i++) {
      const data = structuredClone(self.__probe.last);
      const t = performance.now();
      handler({ data });
      times.push(performance.now() - t);
    }
    return times;
  };
  const post = self.postMessage.bind(self);
  self.postMessage = (message, transfer) => {
    self.__probe.replying.push(clock());
    const r = post(message, transfer);
    self.__probe.replied.push(clock());
    return r;
  };
  return true;
}

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};

const server = await serveDist({ root: servedRoot() });
const browser = await launchBrowser();
try {
  const named = profiling && namedWasm();
  const prepare = async (p) => {
    await p.addInitScript(pageProbe);
    if (named) await useNamed(named)(p);
  };
  const { page, context } = await openWithDraft(browser, server, draft, { prepare, worker: !profiling });
  await firstExport(page);
  const worker = page.workers().find((w) => w.url().includes('lazy'));
  if (!worker) throw new Error(`no lazy worker among ${page.workers().map((w) => w.url())}`);
  await worker.evaluate(workerProbe);
  const cdp = profiling && (await context.newCDPSession(page));
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
    await cdp.send('Profiler.start');
  }
  const pageSide = await page.evaluate(async (n) => {
    const clock = () => performance.timeOrigin + performance.now();
    const out = [];
    for (let i = 0; i < n + 3; i++) {
      await window.__bench.frame();
      window.__probe = { posts: [], got: [], handled: [] };
      const made = new Promise((resolve) => (window.__blobWaiter = resolve));
      const t0 = clock();
      document.getElementById('export-docx').click();
      const clicked = clock();
      const got = await made;
      const p = window.__probe;
      out.push({ t0, clicked, posted: p.posts[0], pageGot: p.got.at(-1), handled: p.handled.at(-1), blob: performance.timeOrigin + got.at, size: got.blob.size });
    }
    return out.slice(3);
  }, runs);
  if (cdp) console.log(printSummary('page, per export', summarise((await cdp.send('Profiler.stop')).profile), runs + 3, { groups: 15, self: 30, inclusive: 40 }));
  const w = await worker.evaluate(() => self.__probe);
  const alone = await worker.evaluate((n) => self.__alone(n), 300);
  console.log(`  worker alone, ${alone.length} jobs back to back (the same job: the file it kept, app::lazy): p10 ${pct(alone, 10).toFixed(2)}  p50 ${pct(alone, 50).toFixed(2)}  min ${Math.min(...alone).toFixed(2)}`);
  const skip = w.got.length - runs;
  const rows = pageSide.map((r, i) => ({
    total: r.blob - r.t0,
    handler: r.clicked - r.t0,
    toPost: r.posted - r.t0,
    trip: w.got[skip + i] - r.posted,
    worker: w.replying[skip + i] - w.got[skip + i],
    postReply: w.replied[skip + i] - w.replying[skip + i],
    back: r.pageGot - w.replying[skip + i],
    pageAfter: r.blob - r.pageGot,
  }));
  console.log(`${draft.name}: ${runs} exports, file ${pageSide[0].size} bytes`);
  for (const key of Object.keys(rows[0])) {
    const xs = rows.map((r) => r[key]);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    console.log(`  ${key.padEnd(10)} p50 ${pct(xs, 50).toFixed(2).padStart(6)}  p95 ${pct(xs, 95).toFixed(2).padStart(6)}  min ${Math.min(...xs).toFixed(2).padStart(6)}  mean ${mean.toFixed(2).padStart(6)}`);
  }
} finally {
  await browser.close();
  await server.close();
}
