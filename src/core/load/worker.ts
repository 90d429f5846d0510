// Worker thread entry (bundled to dist/worker.js, compiled to out/src/core/load/worker.js): loads the files it
// is sent and transfers each compact index back without copying; or, started with versionsOf, reads those files'
// versions for the index cache; or, started with rereads, reads again the records it is asked for (rereadWorkers.ts).

import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { fileVersionBlocking } from './fileVersion';
import { loadFile } from './loadFile';
import type { LoadedFile } from './loadedFile';
import { packFiles } from './packedIndexes';
import { TableSender } from './stringTables';
import { YIELDING_NICENESS, type RereadReply, type RereadRequest, type WorkerReply, type WorkerStart, type WorkerTask } from './workerProtocol';
import { recordObjectAt } from './indexLog';
import { readLogFileBlocking } from './decodeInput';
import { FileDiagnostics } from './diagnostics';

const port = parentPort;
if (port === null) throw new Error('worker.js must run as a worker thread');

// A yielding worker runs at YIELDING_NICENESS, set on this thread's id: Linux keeps a nice value per thread
// (setpriority(2), "Bugs"); elsewhere nothing changes.
if ((workerData as WorkerStart | undefined)?.yielding === true) {
  try {
    const threadId = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isSafeInteger(threadId) && threadId > 0) setPriority(threadId, YIELDING_NICENESS);
  } catch {
    // Not Linux, or no /proc: the worker keeps the priority of the process.
  }
}

const start = workerData as WorkerStart | undefined;
const versionsOf = start?.versionsOf;
if (versionsOf !== undefined) port.postMessage(versionsOf.map(fileVersionBlocking));

/** A re-reading worker's answer: the file's version and the records at the ranges asked for, read as the store would. */
async function reread({ requestId, file, maxTextBytes, format, starts, ends }: RereadRequest): Promise<void> {
  const decoded = await readLogFileBlocking(file, new FileDiagnostics(file), maxTextBytes, true);
  const text = decoded.text;
  const reply: RereadReply = {
    requestId,
    reread: {
      version: text === null ? null : { size: decoded.size, mtimeMs: decoded.mtimeMs, textSize: text.length },
      records: text === null ? [] : starts.map((start, k) => recordObjectAt(text, format, start, ends[k])),
    },
  };
  port?.postMessage(reply);
}

/** The string tables of the files this worker loads, for its whole load (a pool's workers serve one load). */
const tables = new TableSender();

async function loadTask(task: WorkerTask): Promise<void> {
  const loaded: LoadedFile[] = [];
  const taskTables = tables.next();
  // A worker may block: its reads are synchronous, one after the other.
  for (const { file } of task.files) loaded.push(await loadFile(file, task.maxTextBytes, true, taskTables));
  const { packed, transfer } = packFiles(loaded);
  const reply: WorkerReply = { taskId: task.taskId, positions: task.files.map(({ position }) => position), packed, tables: tables.update() };
  port?.postMessage(reply, transfer);
}

// One task after another: a reply's table update must hold the values of its own files and no other task's fresh set.
let tasks = Promise.resolve();
if (start?.rereads === true)
  port.on('message', (request: RereadRequest) => {
    tasks = tasks.then(() => reread(request));
  });
else if (versionsOf === undefined)
  port.on('message', (task: WorkerTask) => {
    tasks = tasks.then(() => loadTask(task));
  });
