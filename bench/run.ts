/** `npm run bench -- <name>`: runs bench/<name>/<name>.bench.ts (all of them without a name). */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const names = process.argv.slice(2);
const all = readdirSync(__dirname, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
for (const name of names.length ? names : all) {
  if (!all.includes(name)) {
    console.error(`no benchmark "${name}"; there are: ${all.join(', ')}`);
    process.exit(2);
  }
}
(async () => {
  for (const name of names.length ? names : all) {
    const { execFileSync } = await import('node:child_process');
    execFileSync(process.execPath, ['-r', join(__dirname, '..', 'tools', 'register.cjs'), join(__dirname, name, `${name}.bench.ts`)], { stdio: 'inherit' });
  }
})();
