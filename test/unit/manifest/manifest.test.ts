import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TARGETS as CLI_TARGETS, NKI_VERSION_FLAGS } from '../../../simulator/src/options';
import { COMMAND_NAMES } from '../../../client/src/commandNames';
import { RULES } from '../../../simulator/src/check/rules';

const root = join(__dirname, '../../../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const props = pkg.contributes.configuration.properties;

describe('extension manifest', () => {
  it('offers the same targets in settings as the CLI accepts', () => {
    assert.deepEqual(props['nkiStudio.target'].enum, [...CLI_TARGETS]);
  });

  it('offers the same NKI versions in settings as the CLI accepts', () => {
    assert.deepEqual(props['nkiStudio.nkiVersion'].enum, [...NKI_VERSION_FLAGS]);
  });

  it('contributes exactly the commands the client registers, all under the NKI category', () => {
    const contributed = pkg.contributes.commands.map((c: { command: string }) => c.command).sort();
    const registered = [...COMMAND_NAMES].map((name) => `nkiStudio.${name}`).sort();
    assert.deepEqual(contributed, registered);
    for (const c of pkg.contributes.commands) assert.equal(c.category, 'NKI');
  });

  it('activates on Python files only and declares untrusted-workspace support honestly', () => {
    assert.deepEqual(pkg.activationEvents, ['onLanguage:python']);
    assert.equal(pkg.capabilities.untrustedWorkspaces.supported, true);
    assert.match(pkg.capabilities.untrustedWorkspaces.description, /never executes your Python/);
  });

  it('has the Marketplace fields', () => {
    for (const field of ['publisher', 'displayName', 'description', 'icon', 'repository', 'license']) assert.ok(pkg[field], field);
    assert.deepEqual(pkg.categories, ['Programming Languages', 'Linters', 'Visualization']);
    for (const k of ['nki', 'neuron', 'trainium', 'inferentia', 'kernel']) assert.ok(pkg.keywords.includes(k), k);
    assert.match(pkg.engines.vscode, /^\^1\.\d+/);
  });
});

describe('README', () => {
  it('documents every rule the checker can report', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const missing = RULES.map((r) => r.code).filter((code) => !readme.includes(`| ${code} |`));
    assert.deepEqual(missing, []);
  });
});
