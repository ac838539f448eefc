import { developmentSecret, loadConfig, ROLES, signDevelopmentToken } from '@okr/service-kit';
import { parseArgs } from 'node:util';
import { goalsConfigSchema } from './config/goals.config';

/** `npm run token -- --user ada --role admin`: a development token the embedded platform accepts. */
async function main() {
  const { values } = parseArgs({ options: { user: { type: 'string' }, role: { type: 'string', default: 'member' }, expires: { type: 'string', default: '12h' } } });
  if (!values.user || !ROLES.includes(values.role as never)) {
    console.error(`usage: npm run token -- --user <person id> [--role ${ROLES.join('|')}] [--expires 12h]`);
    process.exit(2);
  }
  const config = loadConfig(goalsConfigSchema);
  const secret = config.JWT_SECRET ?? developmentSecret(config.DATA_DIR);
  console.log(await signDevelopmentToken({ secret, subject: values.user, role: values.role as never, expiresIn: values.expires }));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
