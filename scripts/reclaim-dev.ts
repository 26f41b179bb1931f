// Runs the CLI straight from the TypeScript sources (no build): `npx tsx scripts/reclaim-dev.ts <command> …`.
import { main } from '../src/cli/main.js';

process.exitCode = await main(process.argv);
// As bin/reclaim.js: nothing left behind may keep a finished command from exiting.
setTimeout(() => process.exit(), 2000).unref();
