// The `config` feature out of process: the library's pull loop, then the app's config file written atomically.
import type { Registry } from 'prom-client';
import type { Dispatcher } from 'undici';
import { ConfigFeature } from '../../../library/ts/src/config/feature.js';
import type { Feature } from '../../../library/ts/src/feature.js';
import type { AppliedConfig, ConfigDocument } from '../../../library/ts/src/types.js';
import { ConfigFileWriter } from './file-writer.js';

export interface SidecarConfigOptions {
  controlplaneUrl: string;
  service: string;
  configFile: string;
  defaults: ConfigDocument;
  waitSeconds: number;
  retryBackoffSeconds: number;
  fileDebounceSeconds: number;
  registry?: Registry;
  dispatcher?: Dispatcher;
  /** Called once a version is in the file (the app can use it). */
  onWritten?: (applied: AppliedConfig) => void;
}

/**
 * Validation, the last good config and the error counts are the library's (ConfigFeature):
 * an invalid, empty or failed answer never reaches the file.
 */
export class SidecarConfigFeature implements Feature {
  readonly name = 'config';
  readonly pull: ConfigFeature;
  readonly file: ConfigFileWriter;

  constructor(options: SidecarConfigOptions) {
    this.pull = new ConfigFeature({
      controlplaneUrl: options.controlplaneUrl,
      service: options.service,
      defaults: options.defaults,
      waitSeconds: options.waitSeconds,
      retryBackoffSeconds: options.retryBackoffSeconds,
      registry: options.registry,
      dispatcher: options.dispatcher,
    });
    this.file = new ConfigFileWriter({
      path: options.configFile,
      debounceSeconds: options.fileDebounceSeconds,
      onWritten: options.onWritten,
      onError: (error) => process.stderr.write(`sidecar: writing ${options.configFile} failed: ${error.message}\n`),
    });
    this.pull.onConfig((applied) => this.file.offer(applied));
  }

  /** The config pulled and in the file: what the app uses. */
  current(): AppliedConfig {
    return this.pull.current();
  }

  get hasConfig(): boolean {
    return this.file.hasConfig;
  }

  async start(): Promise<void> {
    await this.file.init();
    await this.pull.start();
  }

  async stop(): Promise<void> {
    await this.pull.stop();
    await this.file.flush();
  }
}
