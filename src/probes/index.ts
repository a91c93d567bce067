export type { SamplingParams, Probe, Battery } from './types.js';
export { parseBattery, batteryHash } from './parse.js';
export { loadBattery, loadBatteryFile, listBuiltinBatteries, BUILTIN_BATTERY_DIR } from './load.js';
export { storeBattery, type StoredBattery } from './persist.js';
export { MAX_SAMPLES } from './schema.js';
