// Runs the TypeScript sources directly: SWC compiles each module on load (with decorator
// metadata, which NestJS needs) and resolves the workspace path aliases of tsconfig.base.json.
process.env.SWC_NODE_PROJECT = process.env.SWC_NODE_PROJECT || require('node:path').join(__dirname, '..', 'tsconfig.json');
require('@swc-node/register');
