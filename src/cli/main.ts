#!/usr/bin/env node
import { Command } from 'commander';
import { VERSION } from '../version.js';
import { alertsCommand } from './alerts.js';
import { contextCommand } from './context.js';
import { evalCommand } from './eval.js';
import { eventsCommand } from './events.js';
import { ingestCommand } from './ingest.js';
import { intelCommand } from './intel.js';
import { phishingCommand } from './phishing.js';
import { serveCommand } from './serve.js';
import { sigmaCommand } from './sigma.js';
import { simulateCommand } from './simulate.js';
import { versionCommand } from './version.js';

const program = new Command('wardwatch')
  .description('Wardwatch: security monitoring for hospitals and clinics')
  .version(VERSION, '-V, --version')
  .addCommand(serveCommand())
  .addCommand(ingestCommand())
  .addCommand(eventsCommand())
  .addCommand(alertsCommand())
  .addCommand(sigmaCommand())
  .addCommand(phishingCommand())
  .addCommand(contextCommand())
  .addCommand(intelCommand())
  .addCommand(simulateCommand())
  .addCommand(evalCommand())
  .addCommand(versionCommand());

await program.parseAsync(process.argv);
