// The TypeScript library of sidecar-lab: the five features in-process, and the units the sidecar reuses.
export { createLibrary } from './library.js';
export { instrumentFastify, sclFastifyPlugin, requestIdOf, routeTemplate, REQUEST_ID_HEADER } from './fastify.js';
export type * from './types.js';
export { FEATURE_NAMES, inStartOrder, parseFeatureList, type Exchange, type Feature, type FeatureName } from './feature.js';
export { defaultSettings, loadSettings, parseSetting, settingEnvName, SettingError, type SettingKey, type Settings } from './settings.js';
export { BusinessMetricError } from './metrics/business.js';
export { EGRESS_ERROR_HEADER, type EgressErrorKind } from './egress/errors.js';
