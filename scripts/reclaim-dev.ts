// Runs the CLI straight from the TypeScript sources (no build): `npx tsx scripts/reclaim-dev.ts <command> …`.
import { main } from '../src/cli/main.js';

process.exitCode = await main(process.argv);
