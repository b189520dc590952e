// crampwatch's command line: one entry, one file per subcommand. Each command's module is
// imported only when it runs, so `--help` and `--version` load next to nothing.

const COMMANDS: Record<string, { summary: string; load: () => Promise<{ default: (args: string[]) => Promise<number> }> }> = {
  demo: { summary: 'a whole simulated night end to end on embedded defaults (no services needed)', load: () => import('./demo.ts') },
  run: { summary: 'the live pipeline: MQTT in, episodes to InfluxDB (or a local folder) and MQTT out', load: () => import('./run.ts') },
  replay: { summary: 'replay a capture through the same core (PROTOCOL §9), optionally scored against truth', load: () => import('./replay.ts') },
  score: { summary: 'replay and score every capture in a folder against its .truth.json', load: () => import('./score.ts') },
  summary: { summary: 'night summaries, causes and the "see a doctor" flag from a local store or InfluxDB', load: () => import('./summary.ts') },
  report: { summary: 'the morning report: one self-contained HTML page for a night or a range of nights', load: () => import('./report.ts') },
  capture: { summary: 'convert a capture between NDJSON and the compact form (.cwcap), losslessly', load: () => import('./capture.ts') },
  import: { summary: 'an EDF, EDF+ or BDF recording (PSG leg EMG) as a capture, its scored events as .truth.json', load: () => import('./import.ts') },
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, { summary }]) => `  ${name.padEnd(8)} ${summary}`);
  return ['usage: crampwatch <command> [options]', '', 'commands:', ...lines, '', 'crampwatch <command> --help for its options; crampwatch --version for the version.'].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v' || name === 'version') {
    const { packageVersion } = await import('./version.ts');
    console.log(packageVersion());
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`crampwatch: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  try {
    const { default: run } = await command.load();
    return await run(args);
  } catch (error) {
    const { ConfigError } = await import('../config.ts');
    if (error instanceof ConfigError || error instanceof UsageError) {
      console.error(`crampwatch ${name}: ${error.message}`);
      return 2;
    }
    throw error;
  }
}

export class UsageError extends Error {}
