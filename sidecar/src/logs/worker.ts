// Entry of the logs worker thread: tails, converts, ships and saves positions off the event loop that proxies.
import { parentPort, workerData } from 'node:worker_threads';
import { Agent } from 'undici';
import { FAULT_SITE, InjectedFault } from '../../../library/ts/src/logs/fault-switch.js';
import { SharedExportStats } from './shared-stats.js';
import { LogShipper } from './shipper.js';
import type { FromLogsWorker, LogsWorkerData, ToLogsWorker } from './worker-messages.js';

const data = workerData as LogsWorkerData;
const port = parentPort!;
const send = (message: FromLogsWorker) => port.postMessage(message);

const dispatcher = new Agent({ keepAliveTimeout: 10_000 });
const shipper = new LogShipper({ ...data.config, stats: new SharedExportStats(data.statsBuffer), dispatcher });
shipper.setLevel(data.level);

port.on('message', (message: ToLogsWorker) => {
  switch (message.type) {
    case 'emit':
      void shipper
        .emit(message.level, message.event, message.msg, message.fields)
        .then((queued) => send({ type: 'emitted', id: message.id, queued }));
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
    case 'fault':
      setImmediate(() => {
        throw new InjectedFault(FAULT_SITE);
      });
      break;
  }
});
shipper.start();
send({ type: 'ready' });
