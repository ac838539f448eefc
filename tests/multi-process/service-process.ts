import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

/** One service (`apps/<service>/src/main.ts`) as a separate Node process, as it runs in production. */
export class ServiceProcess {
  private child?: ChildProcess;
  output = '';

  constructor(
    readonly service: 'goals' | 'metrics-ingestion' | 'reporting',
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The running process's id (undefined before start). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(): Promise<void> {
    this.child = spawn(process.execPath, ['-r', join(root, 'tools', 'register.cjs'), join(root, 'apps', this.service, 'src', 'main.ts')], {
      cwd: root,
      env: { ...process.env, NODE_OPTIONS: '', LOG_LEVEL: 'warn', ...this.env, PORT: String(this.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout!.on('data', (chunk) => (this.output += chunk));
    this.child.stderr!.on('data', (chunk) => (this.output += chunk));
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (exited(this.child)) throw new Error(`${this.service} exited with ${this.child.exitCode}:\n${this.output}`);
      const ready = await fetch(`${this.url}/health/ready`).then((r) => r.ok, () => false);
      if (ready) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`${this.service} did not become ready:\n${this.output}`);
  }

  /** No shutdown hooks, no flush: what a crash or an OOM kill looks like. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || exited(child)) return;
    const exit = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exit;
  }

  /** SIGTERM, as an orchestrator stops a container: resolves with the exit code. */
  async stop(): Promise<number | null> {
    const child = this.child;
    if (!child || exited(child)) return child?.exitCode ?? null;
    const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    return exit;
  }
}

/** A child killed by a signal has a signalCode and no exitCode. */
function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}
