// Entry of the logs worker thread: tails, converts, ships and saves positions off the event loop that proxies.
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { Agent } from 'undici';
import { SharedExportStats } from './shared-stats.js';
import { LogShipper } from './shipper.js';
import type { FromLogsWorker, LogsWorkerData, ToLogsWorker } from './worker-messages.js';

const data = workerData as LogsWorkerData;
const port = parentPort!;
const send = (message: FromLogsWorker) => port.postMessage(message);

lowerThreadPriority(data.niceness);
const dispatcher = new Agent({ keepAliveTimeout: 10_000 });
const shipper = new LogShipper({ ...data.config, stats: new SharedExportStats(data.statsBuffer), dispatcher });
shipper.setLevel(data.level);

port.on('message', (message: ToLogsWorker) => {
  switch (message.type) {
    case 'emit':
      void shipper.emit(message.level, message.event, message.msg, message.fields).then((queued) => send({ type: 'emitted', id: message.id, queued }));
      break;
    case 'level':
      shipper.setLevel(message.level);
      break;
    case 'stop':
      void shipper
        .stop(message.flushSeconds)
        .then(() => dispatcher.destroy())
        .finally(() => send({ type: 'stopped' }));
      break;
  }
});
shipper.start();
send({ type: 'ready' });

/**
 * Linux applies setpriority to one thread when given its id; this thread's id is the link
 * /proc/thread-self, read synchronously (an asynchronous read would run on another thread). Elsewhere
 * the worker keeps the process's priority.
 */
function lowerThreadPriority(niceness: number): void {
  if (niceness === 0) return;
  try {
    const threadId = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isSafeInteger(threadId)) setPriority(threadId, niceness);
  } catch {
    // Not Linux, or not allowed: the same priority as proxying.
  }
}
