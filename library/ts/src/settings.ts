// Feature settings: the defaults of spec/features.json, overridden by SCL_<KEY> environment variables.
import spec from '../../../spec/features.json' with { type: 'json' };

export type SettingKey = keyof typeof spec.settings;
export type Settings = Readonly<Record<SettingKey, number>>;

const SETTING_KEYS = Object.keys(spec.settings) as SettingKey[];

/** `egress.tryTimeoutSeconds` -> `SCL_EGRESS_TRY_TIMEOUT_SECONDS` (spec/start-contract.md). */
export function settingEnvName(key: string): string {
  const words = key.split('.').flatMap((part) => part.replace(/([a-z0-9])([A-Z])/g, '$1_$2').split('_'));
  return `SCL_${words.join('_').toUpperCase()}`;
}

/** The one number grammar of spec/start-contract.md: what Number() would also take (0x10, 0b1) is refused. */
const DECIMAL = /^[ \t]*[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?[ \t]*$/;

export class SettingError extends Error {
  readonly code = 'SCL_ERR_BAD_SETTING';
}

/** Parses and checks one value against its setting's type and minimum. */
export function parseSetting(key: SettingKey, raw: string, source = settingEnvName(key)): number {
  const def = spec.settings[key];
  const value = Number(raw);
  if (!DECIMAL.test(raw) || !Number.isFinite(value)) {
    throw new SettingError(`${source}="${raw}" is not a number`);
  }
  if (def.type === 'integer' && !Number.isInteger(value)) {
    throw new SettingError(`${source}="${raw}" must be an integer`);
  }
  if (value < def.min) throw new SettingError(`${source}=${raw} is below its minimum ${def.min}`);
  return value;
}

export function defaultSettings(): Settings {
  return Object.fromEntries(SETTING_KEYS.map((key) => [key, spec.settings[key].default])) as Settings;
}

/** Defaults, then every SCL_ override present in `env`; a bad override throws SettingError. */
export function loadSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const settings: Record<string, number> = { ...defaultSettings() };
  for (const key of SETTING_KEYS) {
    const raw = env[settingEnvName(key)];
    if (raw !== undefined) settings[key] = parseSetting(key, raw);
  }
  return settings as Settings;
}
