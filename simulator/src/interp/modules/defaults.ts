/**
 * The registry of standard-library modules the interpreter ships: math, functools, operator,
 * itertools, dataclasses, enum, typing, abc. Callers clone or extend it (`numpy`, `nki.*`).
 */
import { dataclassesModule } from './dataclasses';
import { enumModule } from './enum';
import { functoolsModule, itertoolsModule, operatorModule } from './functional';
import { mathModule } from './math';
import { NativeModuleRegistry } from './registry';
import { abcModule, typingModule } from './typing';

export function defaultRegistry(): NativeModuleRegistry {
  return new NativeModuleRegistry()
    .define('math', mathModule)
    .define('functools', functoolsModule)
    .define('operator', operatorModule)
    .define('itertools', itertoolsModule)
    .define('dataclasses', dataclassesModule)
    .define('enum', enumModule)
    .define('typing', typingModule)
    .define('abc', abcModule);
}
