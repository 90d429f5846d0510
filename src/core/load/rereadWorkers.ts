// Records read again on worker threads (dist/worker.js started with `rereads`), for a caller that prints many records
// (`ctlens events`): re-reading the 9,022 matches of a query in the million events took 1.6 of the command's 2.1 s of
// printing on the main thread, inflating one file after another. The workers read each file as the store does
// (readLogFileBlocking, recordObjectAt) and send back only the records asked for and the file's version, which the
// store compares with the one it indexed: texts sent whole, 1.3 GB of them, made the main thread's collector run
// through its heap every 64 MB of them.

import { Worker } from 'node:worker_threads';
import { workerScriptPath } from './workerPool';
import type { Reread, RereadReply, RereadRequest, WorkerStart } from './workerProtocol';

/** Reads again some records of one log file (EventStore.readRecordsAhead). */
export type Rereader = (request: Omit<RereadRequest, 'requestId'>) => Promise<Reread>;

/** `count` worker threads re-reading records, each request to the one with the fewest waiting. */
export class RereadWorkers {
  /** Each worker and its requests waiting; one that failed waits on Infinity and is given none. */
  private readonly workers: { worker: Worker; waiting: number }[];
  private readonly pending = new Map<number, { resolve: (reread: Reread) => void; reject: (error: Error) => void; worker: number }>();
  private nextRequest = 0;

  constructor(count: number) {
    this.workers = Array.from({ length: count }, (_, k) => {
      const worker = new Worker(workerScriptPath(), { workerData: { yielding: false, rereads: true } satisfies WorkerStart });
      // Idle workers do not keep the process alive.
      worker.unref();
      worker.on('message', ({ requestId, reread }: RereadReply) => this.settle(requestId, reread));
      worker.on('error', (error) => this.fail(k, error));
      worker.on('exit', (code) => this.fail(k, new Error(`CloudTrail Lens: re-reading worker exited with code ${code}`)));
      return { worker, waiting: 0 };
    });
  }

  /** Reads again the records asked for: a Rereader. Rejects when the workers cannot run (a packaging bug). */
  readonly reread: Rereader = (request) =>
    new Promise((resolve, reject) => {
      let chosen = 0;
      for (let k = 1; k < this.workers.length; k++) if (this.workers[k].waiting < this.workers[chosen].waiting) chosen = k;
      if (this.workers[chosen].waiting === Infinity) {
        reject(new Error('CloudTrail Lens: no re-reading worker is running'));
        return;
      }
      const requestId = this.nextRequest++;
      this.pending.set(requestId, { resolve, reject, worker: chosen });
      this.workers[chosen].waiting++;
      this.workers[chosen].worker.postMessage({ ...request, requestId } satisfies RereadRequest);
    });

  /** Stops the workers; requests still waiting are rejected. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map(({ worker }) => worker.terminate()));
  }

  private settle(requestId: number, reread: Reread): void {
    const request = this.pending.get(requestId);
    if (request === undefined) return;
    this.pending.delete(requestId);
    this.workers[request.worker].waiting--;
    request.resolve(reread);
  }

  private fail(worker: number, error: Error): void {
    this.workers[worker].waiting = Infinity;
    for (const [requestId, request] of this.pending) {
      if (request.worker !== worker) continue;
      this.pending.delete(requestId);
      request.reject(error);
    }
  }
}
