import { strict as assert } from 'node:assert';
import { LIMIT_FACTS, NKI_TARGETS, TILE_SIZE_ATTRS, getNkiModel, limitsFor, parseTarget, type LimitKey } from '../../../simulator/src/nki';

describe('NKI targets and limits', () => {
  it('gives usable SBUF bytes per partition of 180224 / 212984 / 245752 on trn1 / trn2 / trn3', () => {
    assert.equal(limitsFor('trn1').sbufBytesPerPartitionUsable, 180224);
    assert.equal(limitsFor('trn2').sbufBytesPerPartitionUsable, 212984);
    assert.equal(limitsFor('trn3').sbufBytesPerPartitionUsable, 245752);
  });

  it('derives usable SBUF from raw SBUF minus the documented reservation', () => {
    assert.equal(limitsFor('trn1').sbufBytesPerPartitionRaw - 16 * 1024, 180224);
    assert.equal(limitsFor('trn2').sbufBytesPerPartitionRaw - 16 * 1024 - 8, 212984);
    assert.equal(limitsFor('trn3').sbufBytesPerPartitionRaw - 16 * 1024 - 8, 245752);
  });

  it('keeps PSUM numbers self-consistent on every target', () => {
    for (const t of NKI_TARGETS) {
      const l = limitsFor(t);
      assert.equal(l.psumBanks * l.psumBankBytes, l.psumBytesPerPartition, t);
      assert.equal(l.psumBankFp32Elems * 4, l.psumBankBytes, t);
      assert.equal(l.psumBytesPerPartition * l.partitions, l.psumBytesTotal, t);
      assert.equal(l.sbufBytesPerPartitionRaw * l.partitions, l.sbufBytesTotal, t);
      assert.equal(l.gpsimdCores * l.gpsimdPartitionsPerCore, l.partitions, t);
    }
  });

  it('allows larger matmul moving tiles only on NC-v4', () => {
    assert.equal(limitsFor('trn2').matmulMovingFreeElemsMaxFp32Dst, 512);
    assert.equal(limitsFor('trn3').matmulMovingFreeElemsMaxFp32Dst, 4096);
    assert.equal(limitsFor('trn3').matmulMovingFreeElemsMaxBf16Dst, 8192);
    assert.equal(limitsFor('trn1').transposeTensorEngineElemsMax, 128);
    assert.equal(limitsFor('trn1').transposeVectorEngineElemsMax, 32);
  });

  it('gives every limit a source on every target', () => {
    for (const k of Object.keys(LIMIT_FACTS) as LimitKey[]) {
      for (const t of NKI_TARGETS) assert.ok(LIMIT_FACTS[k][t].source.length > 0, `${k}/${t}`);
    }
  });

  it('names every limit with a unit or a count noun', () => {
    const unit = /(Bytes|Elems|Partitions|MHz|Banks|Cores|Engine|Max|Min|PerCore|partitions|psumBanks|lncMax|registersPerEngine)/;
    for (const k of Object.keys(LIMIT_FACTS)) assert.match(k, unit, k);
  });

  it('exposes tile_size constants that match the limits table', () => {
    const m = getNkiModel('0.5', 'trn2');
    const l = m.limits;
    assert.equal(m.tileSize.pmax, l.partitions);
    assert.equal(m.tileSize.psum_fmax, l.psumBankFp32Elems);
    assert.equal(m.tileSize.psum_bank_fmax_bytes, l.psumBankBytes);
    assert.equal(m.tileSize.psum_num_banks, l.psumBanks);
    assert.equal(m.tileSize.gemm_stationary_fmax, l.matmulStationaryFreeElemsMax);
    assert.equal(m.tileSize.gemm_moving_fmax, l.matmulMovingFreeElemsMax);
    assert.equal(m.tileSize.bn_stats_fmax, l.bnStatsFreeElemsMax);
    assert.equal(m.tileSize.total_available_sbuf_size, l.sbufBytesPerPartitionUsable);
  });

  it('introduces and deprecates tile_size attributes by version', () => {
    assert.equal(getNkiModel('beta1', 'trn2', '2.25').tileSize.total_available_sbuf_size, undefined);
    assert.equal(getNkiModel('beta1', 'trn2', '2.26').tileSize.total_available_sbuf_size, 212984);
    assert.equal(getNkiModel('0.3', 'trn2').tileSize.psum_bank_fmax, undefined);
    assert.equal(getNkiModel('0.4', 'trn2').tileSize.psum_bank_fmax, 512);
    assert.equal(getNkiModel('0.4', 'trn2').tileSize.psum_num_banks, undefined);
    assert.equal(getNkiModel('0.5', 'trn3').tileSize.psum_num_banks, 8);
    const lk = getNkiModel('0.4', 'trn2').lookup('nki.language.tile_size.psum_fmax');
    assert.ok(lk.status === 'available' && lk.deprecation?.replacement === 'nl.tile_size.psum_bank_fmax');
    assert.ok(TILE_SIZE_ATTRS.every((a) => a.doc.length > 0));
  });

  it('marks the undocumented sbuf_fmax_bytes value as uncertain', () => {
    const a = TILE_SIZE_ATTRS.find((x) => x.name === 'sbuf_fmax_bytes')!;
    assert.equal(a.value.trn2.confidence, 'uncertain');
  });

  it('parses target spellings from NEURON_PLATFORM_TARGET_OVERRIDE', () => {
    assert.equal(parseTarget('inf2'), 'trn1');
    assert.equal(parseTarget('gen3'), 'trn2');
    assert.equal(parseTarget('NC-v4'), 'trn3');
    assert.equal(parseTarget('trn9'), undefined);
  });
});
