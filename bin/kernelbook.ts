#!/usr/bin/env node
// The `kernelbook` command: one entry, one module per subcommand.
// Subcommands load lazily so `kernelbook convert` never pays for the engine.

type Command = (argv: string[]) => Promise<number>;

const commands: Record<string, { summary: string; load: () => Promise<Command> }> = {
  demo: { summary: 'print the seed\'s worked examples computed by the engine', load: async () => (await import('./demo.js')).demo },
  convert: { summary: 'convert between .notebook and Jupyter .ipynb: FILE --to ipynb|notebook [-o OUT]', load: async () => (await import('../kernel/cli/convert.js')).convert },
  serve: { summary: 'the workbook in a browser: [FILE|DIR] [--port N], prints the URL to open', load: async () => (await import('../host/cli/serve.js')).serve },
  run: { summary: 'run notebooks headless: a line per cell, --json, --html OUT, --set name=value', load: async () => (await import('../kernel/cli/run.js')).run },
  jupyter: { summary: 'the Jupyter kernel: install [--user | --prefix DIR | --sys-prefix], uninstall, kernel --connection-file FILE', load: async () => (await import('../kernel/cli/jupyter.js')).jupyter },
};

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return `usage: kernelbook <command> [options]\n\ncommands:\n${lines.join('\n')}\n`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`kernelbook: unknown command '${name}'\n\n${usage()}`);
    return 2;
  }
  return (await command.load())(rest);
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error) => { process.stderr.write(`kernelbook: ${error instanceof Error ? error.message : String(error)}\n`); process.exitCode = 1; },
);
