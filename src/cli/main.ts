#!/usr/bin/env node
import { devicesCommand } from './devices.js';
import { Command } from 'commander';
import { VERSION } from '../version.js';
import { adviseCommand } from './advise.js';
import { reportCommand } from './report.js';
import { actionsCommand } from './actions.js';
import { alertsCommand } from './alerts.js';
import { incidentsCommand } from './incidents.js';
import { breachCommand } from './breach.js';
import { purgeCommand } from './purge.js';
import { contextCommand } from './context.js';
import { ehrCommand } from './ehr.js';
import { evalCommand } from './eval.js';
import { eventsCommand } from './events.js';
import { forecastCommand } from './forecast.js';
import { ingestCommand } from './ingest.js';
import { intelCommand } from './intel.js';
import { phishingCommand } from './phishing.js';
import { playbooksCommand } from './playbooks.js';
import { serveCommand } from './serve.js';
import { sigmaCommand } from './sigma.js';
import { simulateCommand } from './simulate.js';
import { tokensCommand } from './tokens.js';
import { usersCommand } from './users.js';
import { versionCommand } from './version.js';
import { exitQuietlyOnBrokenPipe } from './common.js';

exitQuietlyOnBrokenPipe();

const program = new Command('wardwatch')
  .description('Wardwatch: security monitoring for hospitals and clinics')
  .version(VERSION, '-V, --version')
  .addCommand(serveCommand())
  .addCommand(ingestCommand())
  .addCommand(eventsCommand())
  .addCommand(alertsCommand())
  .addCommand(incidentsCommand())
  .addCommand(breachCommand())
  .addCommand(purgeCommand())
  .addCommand(actionsCommand())
  .addCommand(playbooksCommand())
  .addCommand(sigmaCommand())
  .addCommand(phishingCommand())
  .addCommand(contextCommand())
  .addCommand(ehrCommand())
  .addCommand(intelCommand())
  .addCommand(simulateCommand())
  .addCommand(evalCommand())
  .addCommand(usersCommand())
  .addCommand(tokensCommand())
  .addCommand(forecastCommand())
  .addCommand(adviseCommand())
  .addCommand(reportCommand())
  .addCommand(devicesCommand())
  .addCommand(versionCommand());

await program.parseAsync(process.argv);
