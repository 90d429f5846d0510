// Writing to stdout with back-pressure (millions of lines), and quietly stopping when the reader goes away
// (`ctlens events … | head`).

/** Writes lines to stdout, waiting for 'drain' when the pipe is full. Returns false once the pipe is closed. */
export class LineWriter {
  private closed = false;
  private buffer = '';

  constructor(private readonly stream: NodeJS.WritableStream = process.stdout) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') this.closed = true;
      else throw error;
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  async line(text: string): Promise<void> {
    this.buffer += text + '\n';
    if (this.buffer.length >= 1 << 16) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.closed || this.buffer === '') return;
    const chunk = this.buffer;
    this.buffer = '';
    if (!this.stream.write(chunk)) await new Promise<void>((resolve) => this.stream.once('drain', resolve));
  }
}

/** A progress line on stderr, only when stderr is a terminal. */
export function progressReporter(): ((message: string) => void) & { done(): void } {
  const enabled = process.stderr.isTTY === true;
  let last = 0;
  const report = Object.assign(
    (message: string) => {
      const now = Date.now();
      if (!enabled || now - last < 100) return;
      last = now;
      process.stderr.write(`\r\x1b[K${message}`);
    },
    {
      done: () => {
        if (enabled && last > 0) process.stderr.write('\r\x1b[K');
      },
    },
  );
  return report;
}
