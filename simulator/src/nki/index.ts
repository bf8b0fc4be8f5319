/**
 * Public surface of the NKI fact tables (no `vscode` import anywhere in this folder).
 *
 * Purpose: the only import path other components should use: `simulator/src/nki`.
 * Invariant: re-exports only; no logic.
 */
export * from './versions';
export * from './facts';
export * from './targets';
export * from './dtypes';
export * from './buffers';
export * from './engines';
export * from './rules';
export * from './api/types';
export { ALL_APIS, apiByName, allApiNames } from './api/registry';
export { TENSOR_MEMBERS } from './api/tensorMethods';
export { bindArgs, isRequired, type BindError, type BindErrorCode, type BindKeywords, type BindOptions, type BindResult } from './bindArgs';
export { getNkiModel, detectGeneration, normalizeName, type NkiModel, type LookupResult, type MemberInfo, type Generation, type GenerationInfo } from './model';
export { apiCoverage, importAliases, stripPythonCommentsAndStrings, type CoverageItem, type CoverageReport } from './coverage';
