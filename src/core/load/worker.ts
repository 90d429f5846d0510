// Worker thread entry (bundled to dist/worker.js, compiled to out/src/core/load/worker.js): loads the files it
// is sent and transfers each compact index back without copying.

import { parentPort } from 'node:worker_threads';
import { transferablesOf } from './fileIndexBuilder';
import { loadFile } from './loadFile';
import type { WorkerReply, WorkerTask } from './workerProtocol';

const port = parentPort;
if (port === null) throw new Error('worker.js must run as a worker thread');

async function loadTask(task: WorkerTask): Promise<void> {
  const reply: WorkerReply = { taskId: task.taskId, loaded: [] };
  // A worker may block: its reads are synchronous, one after the other.
  for (const { position, file } of task.files) reply.loaded.push({ position, loaded: await loadFile(file, task.maxTextBytes, true) });
  port?.postMessage(
    reply,
    reply.loaded.flatMap(({ loaded }) => transferablesOf(loaded.index)),
  );
}

port.on('message', (task: WorkerTask) => void loadTask(task));
