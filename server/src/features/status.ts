/**
 * The `nki/status` payload for one analysed document: the NKI version and target it was checked
 * against and how each kernel traced.
 */
import type { NkiStatusParams } from '../protocol';
import type { DocumentAnalysis } from '../analysis/snapshot';

export function statusOf(analysis: DocumentAnalysis): NkiStatusParams {
  const model = analysis.model;
  return {
    uri: analysis.uri, version: analysis.version, nkiVersion: model.version, neuronRelease: model.neuronRelease,
    target: model.target, label: model.label, detected: analysis.detected, mixedGenerations: analysis.mixedGenerations,
    kernels: analysis.report.kernels.map((k) => ({ name: k.name, traced: k.traced })),
  };
}
