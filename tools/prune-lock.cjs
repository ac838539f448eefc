#!/usr/bin/env node
// The registry these machines reach carries only some platform builds of packages with native
// binaries (@swc/core, unrs-resolver): npm cannot record the others in package-lock.json, and
// `npm ci` then refuses the lock ("Missing: …@ from lock file"). This drops the optional
// dependencies that have no entry in the lock, so `npm ci` installs what exists. Run it after
// `npm install` changes the lock: `node tools/prune-lock.cjs`.
const fs = require('node:fs');
const path = require('node:path');

const file = path.join(__dirname, '..', 'package-lock.json');
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
let pruned = 0;
for (const [location, entry] of Object.entries(lock.packages)) {
  if (!entry.optionalDependencies) continue;
  for (const name of Object.keys(entry.optionalDependencies)) {
    const nested = `${location ? `${location}/` : ''}node_modules/${name}`;
    if (!lock.packages[nested] && !lock.packages[`node_modules/${name}`]) {
      delete entry.optionalDependencies[name];
      pruned++;
    }
  }
  if (Object.keys(entry.optionalDependencies).length === 0) delete entry.optionalDependencies;
}
fs.writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`pruned ${pruned} optional dependencies missing from the registry`);
