#!/usr/bin/env node
// The compiled CLI lives in dist/; `npm install` builds it (prepare script).
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv);
// Every command has finished here. Whatever might still hold the event loop (a database that
// failed half-way through opening, a stuck socket) must not keep a finished command from exiting:
// the timer does not itself keep the process alive.
setTimeout(() => process.exit(), 2000).unref();
