// Worker thread entry (bundled to dist/worker.js, compiled to out/src/core/load/worker.js): loads the files it
// is sent and transfers each compact index back without copying.

import { parentPort } from 'node:worker_threads';
import { transferablesOf } from './fileIndexBuilder';
import { loadFile } from './loadFile';
import type { WorkerReply, WorkerTask } from './workerProtocol';

const port = parentPort;
if (port === null) throw new Error('worker.js must run as a worker thread');

port.on('message', (task: WorkerTask) => {
  void loadFile(task.file, task.maxTextBytes).then((loaded) => {
    const reply: WorkerReply = { taskId: task.taskId, loaded };
    port.postMessage(reply, transferablesOf(loaded.index));
  });
});
