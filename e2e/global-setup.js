// Starts `guichet demo` on a free port in a fresh temporary directory (so a fresh SQLite
// database and outbox) and hands its address to the tests through GUICHET_E2E_BASE_URL.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The end of the server log, which is kept in test-results/; the temporary dir goes. */
function giveUp(dir, logFile, message) {
  let tail = '(no server log)';
  try {
    tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
    const out = path.join(__dirname, 'test-results');
    fs.mkdirSync(out, { recursive: true });
    fs.copyFileSync(logFile, path.join(out, 'server.log'));
  } catch {
    // nothing more to show
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return new Error(`${message}:\n${tail}`);
}

module.exports = async function globalSetup() {
  const bin = path.resolve(__dirname, process.env.GUICHET_BIN || '../target/debug/guichet');
  if (!fs.existsSync(bin)) {
    throw new Error(`Guichet binary not found at ${bin}: build it with \`cargo build -p guichet\` or set GUICHET_BIN.`);
  }
  // A Stripe-compatible server for card payments; the demo configures itself for it.
  const stripePort = await freePort();
  const stripe = spawn('python3', ['-m', 'localstripe', '--port', String(stripePort), '--from-scratch'], {
    stdio: 'ignore',
  });
  const stripeURL = `http://127.0.0.1:${stripePort}`;
  const stripeDeadline = Date.now() + 30_000;
  for (;;) {
    try {
      const res = await fetch(`${stripeURL}/js.stripe.com/v3/`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (stripe.exitCode !== null || Date.now() > stripeDeadline) {
      stripe.kill('SIGKILL');
      throw new Error('localstripe did not start: python3 -m pip install localstripe');
    }
    await sleep(100);
  }
  process.env.GUICHET_E2E_STRIPE_PID = String(stripe.pid);
  globalThis.__localstripe = stripe;

  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guichet-e2e-'));
  const logFile = path.join(dir, 'server.log');
  const log = fs.openSync(logFile, 'a');
  // The server refuses unknown GUICHET_* variables: keep the test suite's own out of its way.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^GUICHET_(BIN$|E2E_)/.test(k)));
  const child = spawn(bin, ['demo', '--listen', `127.0.0.1:${port}`], {
    cwd: dir,
    env: {
      ...inherited,
      GUICHET_METRICS_LISTEN: '', // no metrics port
      GUICHET_PASSWORD_MEMORY_KIB: '1024', // fast hashing
      GUICHET_PASSWORD_ITERATIONS: '1',
      GUICHET_STRIPE_API_URL: stripeURL,
      GUICHET_STRIPE_JS_URL: `${stripeURL}/js.stripe.com/v3/`,
      NO_COLOR: '1', // a plain log file
    },
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  let exited = null;
  child.on('exit', (code, signal) => {
    exited = { code, signal };
  });

  const baseURL = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited) {
      throw giveUp(dir, logFile, `guichet exited early (${JSON.stringify(exited)})`);
    }
    try {
      const res = await fetch(`${baseURL}/readyz`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw giveUp(dir, logFile, `guichet did not become ready on ${baseURL}/readyz within 30 s`);
    }
    await sleep(100);
  }

  process.env.GUICHET_E2E_BASE_URL = baseURL;
  process.env.GUICHET_E2E_DIR = dir;
  process.env.GUICHET_E2E_PID = String(child.pid);
  globalThis.__guichetServer = child;
};
