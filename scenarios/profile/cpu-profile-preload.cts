// Preloaded with NODE_OPTIONS=--require (which, unlike --cpu-prof, NODE_OPTIONS allows): profiles the process until it exits.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Session } from 'node:inspector';

const directory = process.env.SCL_CPU_PROFILE_DIR;
if (directory !== undefined && directory !== '') {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.start');
  // A same-thread inspector session answers synchronously, so the profile can be taken inside 'exit'.
  process.on('exit', () => {
    session.post('Profiler.stop', (error, result) => {
      if (error === null) writeFileSync(join(directory, `CPU.${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
