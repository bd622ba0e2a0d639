/** The careerwire CLI as a person runs it: a real process, real files, the real local stack. */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

const REPO = join(__dirname, '..', '..');
const BIN = join(REPO, 'bin', 'careerwire.cjs');
const SEED = join(REPO, 'test', 'fixtures', 'guides', 'medical-office-administrator.txt');
let tmp: string;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'careerwire-cli-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function run(args: string[], env: Record<string, string> = {}) {
  const out = spawnSync(process.execPath, [BIN, ...args], {
    cwd: REPO,
    encoding: 'utf8',
    env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'SILENT', ...env },
  });
  return { code: out.status, stdout: out.stdout, stderr: out.stderr };
}

describe('guide parse / import', () => {
  it('prints the Guide JSON of the raw seed', () => {
    const { code, stdout } = run(['guide', 'parse', SEED]);
    expect(code).toBe(0);
    const guide = JSON.parse(stdout);
    expect(guide).toMatchObject({ slug: 'medical-office-administrator', growthRatePercent: 7 });
    expect(stdout).not.toMatch(/β€|Jobicy/);
  });

  it('exits 1 with FILE:LINE: reason for bad input, and nothing on stdout', () => {
    const bad = join(tmp, 'bad.txt');
    writeFileSync(bad, 'Welder Career Path Guide\n\nWelders join metal.\n\n7%\n\ngrowth rate\n\n$4x,500\n\nmedian salary\n');
    const { code, stdout, stderr } = run(['guide', 'parse', bad]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim()).toMatch(new RegExp(`^${bad}:9: .+$`));

    const empty = join(tmp, 'empty.txt');
    writeFileSync(empty, '');
    expect(run(['guide', 'parse', empty]).stderr.trim()).toMatch(new RegExp(`^${empty}:1: .*empty`));
    expect(run(['guide', 'parse', join(tmp, 'missing.txt')]).code).toBe(1);
  });

  it('imports to canonical Markdown that parses to the same Guide', () => {
    const { code, stdout } = run(['guide', 'import', SEED, '--out', tmp]);
    expect(code).toBe(0);
    const written = stdout.trim();
    expect(written).toBe(join(tmp, 'medical-office-administrator.md'));
    expect(readFileSync(written, 'utf8')).toMatch(/^---\nslug: medical-office-administrator\n/);
    expect(JSON.parse(run(['guide', 'parse', written]).stdout)).toEqual(JSON.parse(run(['guide', 'parse', SEED]).stdout));
  });

  it('prints usage and exits 2 for an unknown command', () => {
    const { code, stderr } = run(['frobnicate']);
    expect(code).toBe(2);
    expect(stderr).toContain('usage: careerwire');
  });
});

/** A port nothing listens on: one the OS just handed out and took back. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('per-command help', () => {
  it.each(['guide', 'ingest', 'jobs', 'alerts', 'ops', 'dev'])('%s --help prints its usage on stdout, exit 0, and runs nothing', async (command) => {
    const port = String(await closedPort());
    // With no local stack on these ports, a command that ran would fail (or, for dev, start one and not exit).
    const { code, stdout, stderr } = run([command, '--help'], { DYNAMODB_PORT: port, SES_PORT: port, API_PORT: port, DATA_DIR: join(tmp, 'help-data') });
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toMatch(new RegExp(`^usage: careerwire\n {2}${command} `));
    expect(stdout).not.toMatch(/local stack is up/);
  });

  it('careerwire --help lists every command', () => {
    const { code, stdout } = run(['--help']);
    expect(code).toBe(0);
    for (const command of ['guide parse', 'guide import', 'ingest', 'jobs sync', 'alerts run', 'ops pause|resume', 'dev']) expect(stdout).toContain(`  ${command}`);
  });
});

describe('with no local stack running', () => {
  it.each([[['ingest']], [['jobs', 'sync']], [['alerts', 'run', '--tier', 'plus']]])('%j says so in one line, with the fix, and exits 1', async (args) => {
    const port = await closedPort();
    const { code, stdout, stderr } = run(args, { DYNAMODB_PORT: String(port), DATA_DIR: join(tmp, 'no-stack-data') });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(`careerwire ${args[0]}: no local stack on 127.0.0.1:${port}: start one with \`npm start\` (or set DYNAMODB_PORT)\n`);
  });
});

describe('dev (npm start) and ingest beside it', () => {
  const dataDir = () => join(tmp, 'data');
  const env = () => ({ API_PORT: '0', DYNAMODB_PORT: '0', SES_PORT: '0', DATA_DIR: dataDir() });

  /** Starts `careerwire dev`, waits for its banner, and returns the printed URLs. */
  async function startDev() {
    const child = spawn(process.execPath, [BIN, 'dev'], {
      cwd: REPO,
      env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'SILENT', ...env() },
    });
    let output = '';
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    await new Promise<void>((resolve, reject) => {
      // Bounds a hang, not the speed (it starts in seconds; a starved machine has taken tens of them).
      const timer = setTimeout(() => reject(new Error(`dev did not start:\n${output}`)), 100_000);
      child.stdout.on('data', (d: Buffer) => {
        output += d.toString();
        if (output.includes('Ctrl-C')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => reject(new Error(`dev exited ${code}:\n${output}`)));
    });
    const url = (label: string) => new RegExp(`${label}\\s+(http://\\S+)`).exec(output)?.[1] as string;
    const stop = () =>
      new Promise<number | string | null>((resolve) => {
        child.once('exit', (code, signal) => resolve(code ?? signal));
        child.kill('SIGINT');
      });
    return { api: url('API'), site: url('site'), dynamodb: url('DynamoDB'), output, stop };
  }

  it('serves guides, stops on Ctrl-C, and reuses its data on the next start', async () => {
    const first = await startDev();
    expect(first.output).toContain('1 parsed: 1 written');
    const res = await fetch(`${first.api}/guides/medical-office-administrator`);
    expect(res.status).toBe(200);
    // The banner's site URL is the home page.
    const home = await fetch(first.site, { headers: { accept: 'text/html' } });
    expect(home.status).toBe(200);
    expect(home.headers.get('content-type')).toBe('text/html; charset=utf-8');

    const ingest = run(['ingest'], { DYNAMODB_PORT: new URL(first.dynamodb).port, DATA_DIR: dataDir() });
    expect(ingest.code).toBe(0);
    expect(JSON.parse(ingest.stdout)).toMatchObject({ written: [], unchanged: ['medical-office-administrator'] });

    // stdout is the summary alone, pipeable to jq; the handler's log lines go to stderr.
    const sync = run(['jobs', 'sync'], { DYNAMODB_PORT: new URL(first.dynamodb).port, DATA_DIR: dataDir(), POWERTOOLS_LOG_LEVEL: 'INFO' });
    expect(sync.code).toBe(0);
    expect(JSON.parse(sync.stdout)).toMatchObject({ totals: expect.objectContaining({ failedSources: 0 }) });
    expect(sync.stderr).toContain('feed synced');

    expect(await first.stop()).toBe(0);
    await expect(fetch(`${first.api}/health`)).rejects.toThrow();

    const second = await startDev();
    try {
      expect(second.output).toContain('1 parsed: 0 written, 1 unchanged');
    } finally {
      expect(await second.stop()).toBe(0);
    }
    // Bounds a hang: two starts of the whole stack and an ingest, each seconds, more on a starved machine.
  }, 300_000);
});
