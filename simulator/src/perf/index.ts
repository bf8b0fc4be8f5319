/**
 * The performance model's public surface: simulate an instruction stream into a `Profile`,
 * export it for Perfetto, read the hardware tables.
 */
export { simulate, buildProfile, GENERATOR, DEFAULT_MAX_DETAILED_EVENTS, type SimulateOptions } from './profile';
export { schedule, trackName, type Schedule, type ScheduleOptions } from './engine';
export { instructionCost, costModelFor, type InstructionCost, type DmaCost, type CostModel } from './costs';
export { DEFAULT_ROTATION, type RotationPolicy } from './deps';
export { toChromeTrace, chromeTraceJson, chromeTraceChunks, type ChromeTrace, type ChromeTraceEvent } from './chromeTrace';
export { hardwareFor, HARDWARE } from './hardware/index';
export * from './hardware/spec';
