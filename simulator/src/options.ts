/**
 * User-facing option values shared by the CLI, the settings (package.json) and the client, so the
 * three cannot drift (a unit test compares this with the manifest).
 */
export const TARGETS = ['trn1', 'trn2', 'trn3'] as const;
export type TargetName = (typeof TARGETS)[number];

export const NKI_VERSION_FLAGS = ['auto', 'beta1', '0.2', '0.3', '0.4', '0.5', '0.6', '0.7'] as const;
export type NkiVersionFlag = (typeof NKI_VERSION_FLAGS)[number];

export const DEFAULT_TARGET: TargetName = 'trn2';
