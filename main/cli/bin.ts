#!/usr/bin/env node
import { isatty } from 'node:tty';
import { main } from './main.js';

// The process entry of `downwatch`: real streams, real signals, real exit code.
const stop = new AbortController();
process.once('SIGINT', () => stop.abort());
process.once('SIGTERM', () => stop.abort());

const code = await main(
  process.argv.slice(2),
  {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    isTty: isatty(1),
    columns: process.stdout.columns || 100,
  },
  stop.signal,
);
process.exitCode = code;
