// Writing to stdout with back-pressure (millions of lines), and quietly stopping when the reader goes away
// (`ctlens events … | head`).

import { ProgressPacer } from '../view/progressPacer';

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
    if (this.stream.write(chunk)) return;
    // The reader may go away while the pipe is full: then no 'drain' comes, only the error or the close.
    await new Promise<void>((resolve) => {
      const settle = () => {
        this.stream.off('drain', settle);
        this.stream.off('error', settle);
        this.stream.off('close', settle);
        resolve();
      };
      this.stream.on('drain', settle);
      this.stream.on('error', settle);
      this.stream.on('close', settle);
    });
  }
}

/** A progress line on stderr, only when stderr is a terminal. */
export function progressReporter(): ((message: string) => void) & { done(): void } {
  const enabled = process.stderr.isTTY === true;
  const pacer = new ProgressPacer(100);
  let shown = false;
  const report = Object.assign(
    (message: string) => {
      if (!enabled || !pacer.due(false)) return;
      shown = true;
      process.stderr.write(`\r\x1b[K${message}`);
    },
    {
      done: () => {
        if (shown) process.stderr.write('\r\x1b[K');
      },
    },
  );
  return report;
}
