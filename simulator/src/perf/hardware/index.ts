/**
 * Hardware tables by target name. Invariant: one table per `TargetName`, each complete
 * (the `HardwareSpec` type enforces it).
 */
import type { TargetName } from '../../profile/schema';
import type { HardwareSpec } from './spec';
import { TRN1 } from './trn1';
import { TRN2 } from './trn2';
import { TRN3 } from './trn3';

export const HARDWARE: Readonly<Record<TargetName, HardwareSpec>> = Object.freeze({ trn1: TRN1, trn2: TRN2, trn3: TRN3 });

export function hardwareFor(target: TargetName): HardwareSpec {
  return HARDWARE[target];
}

export * from './spec';
