/**
 * What every bench server shares: the `--port N` flag, the answer's content type and body, the
 * number of pass-through layers, and the `listening <port>` line the runner waits for.
 */
export const HELLO_BODY = 'ok';
export const HELLO_CONTENT_TYPE = 'text/plain; charset=utf-8';
export const LAYERS = 7;

/** The value of `--name V` or `--name=V` in argv (the last one given), or undefined. */
export function flagValue(argv: readonly string[], name: string): string | undefined {
  let raw: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === `--${name}`) raw = argv[i + 1];
    else if (arg?.startsWith(`--${name}=`)) raw = arg.slice(name.length + 3);
  }
  return raw;
}

/** Reads `--port N` (or `--port=N`) from argv; exits with a message when it is missing or bad. */
export function portFromArgs(argv: readonly string[] = process.argv.slice(2)): number {
  const raw = flagValue(argv, 'port');
  const port = Number(raw);
  if (raw === undefined || !Number.isInteger(port) || port < 1 || port > 65535) {
    console.error(`usage: node <server>.js --port N (got ${raw ?? 'nothing'})`);
    process.exit(2);
  }
  return port;
}

/** The line the runner waits for on stdout. */
export function announce(port: number): void {
  process.stdout.write(`listening ${port}\n`);
}
