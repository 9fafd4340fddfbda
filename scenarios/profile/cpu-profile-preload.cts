// Preloaded with NODE_OPTIONS=--require (which, unlike --cpu-prof, NODE_OPTIONS allows): profiles only the window the
// harness marks with PROFILE_SIGNAL, the first to start and the second to stop, so the process's start (module loading:
// wrapSafe, compileForInternalLoader) and the load's warm-up stay out of the profile.
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Session } from 'node:inspector';

// The signal and the file name are window.ts's PROFILE_SIGNAL and profilePath, repeated here so that this CommonJS file,
// loaded into every profiled process before its own code, depends on nothing of the project.
// SIGUSR2 is also the feature fault switch, but only with SCL_TEST_HOOKS=1 (spec/faults.md), which the profile
// scenario never sets; with it, this preload stands aside rather than have one signal both profile and crash.
const PROFILE_SIGNAL = 'SIGUSR2';
const directory = process.env.SCL_CPU_PROFILE_DIR;

if (directory !== undefined && directory !== '' && process.env.SCL_TEST_HOOKS !== '1') {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  let state: 'waiting' | 'profiling' | 'written' = 'waiting';
  // A same-thread inspector session answers synchronously, so a profile can also be taken inside 'exit'.
  const stopAndWrite = (): void => {
    state = 'written';
    session.post('Profiler.stop', (error, result) => {
      if (error !== null) return;
      // Written whole, then renamed: the harness waits for the name and must never read half a file.
      const target = join(directory, `CPU.${process.pid}.cpuprofile`);
      writeFileSync(`${target}.partial`, JSON.stringify(result.profile));
      renameSync(`${target}.partial`, target);
    });
  };
  process.on(PROFILE_SIGNAL, () => {
    if (state === 'waiting') {
      session.post('Profiler.start');
      state = 'profiling';
    } else if (state === 'profiling') stopAndWrite();
  });
  // A process that exits inside the window still leaves what was profiled.
  process.on('exit', () => {
    if (state === 'profiling') stopAndWrite();
  });
}
