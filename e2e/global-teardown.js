// Stops the server started by global-setup.js, keeps its log in test-results/, and removes
// the temporary directory (database and outbox files).
const fs = require('node:fs');
const path = require('node:path');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

module.exports = async function globalTeardown() {
  const child = globalThis.__guichetServer;
  const pid = child ? child.pid : Number(process.env.GUICHET_E2E_PID || 0);
  if (pid) {
    const exited = child && child.exitCode === null && child.signalCode === null
      ? new Promise((r) => child.once('exit', r))
      : null;
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
    const deadline = Date.now() + 10_000;
    if (exited) await Promise.race([exited, sleep(10_000)]);
    while (alive(pid) && Date.now() < deadline) await sleep(100);
    if (alive(pid)) process.kill(pid, 'SIGKILL');
  }
  const stripe = Number(process.env.GUICHET_E2E_STRIPE_PID || 0);
  if (stripe) {
    try {
      process.kill(stripe, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  const dir = process.env.GUICHET_E2E_DIR;
  if (dir && fs.existsSync(dir)) {
    const out = path.join(__dirname, 'test-results');
    try {
      fs.mkdirSync(out, { recursive: true });
      fs.copyFileSync(path.join(dir, 'server.log'), path.join(out, 'server.log'));
    } catch {
      // the log is a convenience only
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
};
