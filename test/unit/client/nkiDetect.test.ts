import { strict as assert } from 'node:assert';
import { importsNki } from '../../../client/src/nkiDetect';

describe('NKI import detection (client activation gate)', () => {
  const yes = [
    'import nki\n',
    'import numpy as np\nimport nki.language as nl\n',
    'from nki import isa\n',
    'import neuronxcc.nki.language as nl\n',
    'from neuronxcc import nki\n',
    'from neuronxcc.nki.typing import tensor\n',
    '    import nki.isa as nisa\n',
  ];
  const no = [
    'import numpy as np\n',
    'import nkix\n',
    '# import nki\n',
    'x = "import nki"\n',
    'from neuronxcc import something_else\n',
    'import torch_neuronx\n',
  ];
  for (const src of yes) it(`detects ${JSON.stringify(src.trim())}`, () => assert.equal(importsNki(src), true));
  for (const src of no) it(`ignores ${JSON.stringify(src.trim())}`, () => assert.equal(importsNki(src), false));
});
