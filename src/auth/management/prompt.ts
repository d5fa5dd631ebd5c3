import { createInterface } from 'node:readline';
import type { Interface } from 'node:readline';

/**
 * Questions on the terminal, one line each, for the interactive commands. On a TTY a password
 * is read without echo (Python's getpass); from a pipe (scripts, tests) lines are read as they come.
 */
export class Prompter {
  readonly #rl: Interface;
  readonly #lines: AsyncIterator<string>;
  #muted = false;

  constructor(input: NodeJS.ReadableStream = process.stdin, readonly output: NodeJS.WritableStream = process.stdout) {
    this.#rl = createInterface({ input, output, terminal: (input as { isTTY?: boolean }).isTTY === true });
    const write = (this.#rl as unknown as { _writeToOutput(text: string): void })._writeToOutput.bind(this.#rl);
    (this.#rl as unknown as { _writeToOutput(text: string): void })._writeToOutput = (text: string) => {
      if (!this.#muted || text.includes('\n')) write(this.#muted ? '\n' : text);
    };
    this.#lines = this.#rl[Symbol.asyncIterator]();
  }

  /** Asks and returns the answer (without its newline); null at the end of the input. */
  async ask(question: string, options: { hidden?: boolean } = {}): Promise<string | null> {
    this.output.write(question);
    this.#muted = options.hidden === true;
    try {
      const next = await this.#lines.next();
      return next.done === true ? null : next.value;
    } finally {
      this.#muted = false;
    }
  }

  close(): void {
    this.#rl.close();
  }
}
