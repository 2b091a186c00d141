// @ts-check
/**
 * The engine's layers, enforced by ESLint (`layers/only-down`): an import may only point down.
 *
 *   faces        main/cli, main/engine-api, main/shell, main/dev-bridge (and main/app-files,
 *                the renderer's files that the shell and the dev bridge serve)
 *   composition  main/plan, main/operations, main/steps, main/readiness, main/assess,
 *                main/report, main/verify, main/evidence
 *   doors        main/directory, main/entra, main/sysvol, main/adsync
 *   platform     main/platform (how this process meets the OS: TLS trust, child environments)
 *   bottom       shared/
 *
 * Every folder of main/ belongs to one layer (a unit test lists them), so a new folder cannot
 * slip past the rule.
 *
 * Besides "only down": a door stands alone (it imports no other door); the Electron shell and the
 * dev bridge reach the engine only through main/engine-api; the faces do not import each other.
 * Each import is resolved against the importing file, so `shared/plan` and `main/plan` are never
 * confused the way a pattern on the import text would confuse them.
 */
import { dirname, relative, resolve, sep } from 'node:path';

/** @typedef {{ layer: 'face' | 'composition' | 'door' | 'platform' | 'shared', unit: string }} Place */

const units = {
  face: ['main/cli', 'main/engine-api', 'main/shell', 'main/dev-bridge', 'main/app-files'],
  composition: [
    'main/plan',
    'main/operations',
    'main/steps',
    'main/readiness',
    'main/assess',
    'main/report',
    'main/verify',
    'main/evidence',
  ],
  door: ['main/directory', 'main/entra', 'main/sysvol', 'main/adsync'],
  platform: ['main/platform'],
  shared: ['shared'],
};
const rank = { face: 3, composition: 2, door: 1, platform: 0.5, shared: 0 };
/** Faces that reach the engine only through engine-api (and serve the renderer's files). */
const throughEngineApi = new Set(['main/shell', 'main/dev-bridge']);
const mayImportFromThere = new Set(['main/engine-api', 'main/app-files']);

/**
 * @param {string} root
 * @param {string} file
 * @returns {Place | undefined}
 */
export function placeOf(root, file) {
  const path = relative(root, file).split(sep).join('/');
  for (const [layer, folders] of Object.entries(units)) {
    for (const unit of folders) {
      if (path === unit || path.startsWith(`${unit}/`) || path === `${unit}.ts`)
        return { layer: /** @type {Place['layer']} */ (layer), unit };
    }
  }
  return undefined;
}

/**
 * Why an import from `from` to `to` is refused, or undefined when it is allowed.
 * @param {Place} from
 * @param {Place} to
 */
export function refusal(from, to) {
  if (from.unit === to.unit) return undefined;
  if (rank[to.layer] > rank[from.layer])
    return `${from.unit} (${from.layer}) may not import ${to.unit} (${to.layer}): layers only point down (faces > composition > doors > shared/).`;
  if (from.layer === 'door' && to.layer === 'door')
    return `${from.unit} may not import ${to.unit}: a door to one outside system stands alone; compose doors in main/plan, main/steps, main/readiness or main/assess.`;
  if (
    throughEngineApi.has(from.unit) &&
    to.layer !== 'shared' &&
    to.layer !== 'platform' &&
    !mayImportFromThere.has(to.unit)
  )
    return `${from.unit} reaches the engine only through main/engine-api, not ${to.unit}.`;
  if (from.layer === 'face' && to.layer === 'face' && !mayImportFromThere.has(to.unit))
    return `${from.unit} may not import ${to.unit}: faces do not import each other.`;
  if (from.layer === 'face' && to.unit === 'main/engine-api' && !throughEngineApi.has(from.unit))
    return `${from.unit} may not import main/engine-api: only the shell and the dev bridge go through it.`;
  return undefined;
}

/** @type {import('eslint').Rule.RuleModule} */
const onlyDown = {
  meta: {
    type: 'problem',
    docs: { description: 'Imports only point down the engine layers (docs/architecture.md).' },
    schema: [],
  },
  create(context) {
    const root = context.cwd;
    const from = placeOf(root, context.filename);
    if (!from) return {};
    /** @param {any} node */
    const check = (node) => {
      const source = node.source?.value;
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const to = placeOf(root, resolve(dirname(context.filename), source));
      if (!to) return;
      const why = refusal(from, to);
      if (why) context.report({ node: node.source, message: why });
    };
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};

export default { rules: { 'only-down': onlyDown } };
