#!/usr/bin/env node
// The compiled CLI lives in dist/; `npm install` builds it (prepare script).
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv);
