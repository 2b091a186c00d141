// @ts-check
/**
 * The engine's layers, enforced by ESLint (`layers/only-down`): an import may only point down.
 *
 *   faces        main/cli, main/engine-api, main/shell, main/dev-bridge (and main/app-files,
 *                the renderer's files that the shell and the dev bridge serve)
 *   composition  main/steps, main/readiness, main/assess, main/report, main/verify,
 *                main/evidence
 *   plan engine  main/plan (plan file, apply, journal, rollback, recover) and main/operations
 *                (one folder per kind of operation): it runs any plan and knows no step; the
 *                steps reach main/plan only through main/plan/step-api.ts
 *   domain model main/domain: what the domain is (its head, schema GUIDs, the connector and its
 *                token, password policy, deny origins), read once and shared by the layers above
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
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/** @typedef {{ layer: 'face' | 'composition' | 'engine' | 'model' | 'door' | 'platform' | 'shared', unit: string, path?: string }} Place */

const units = {
  face: ['main/cli', 'main/engine-api', 'main/shell', 'main/dev-bridge', 'main/app-files'],
  composition: [
    'main/steps',
    'main/readiness',
    'main/assess',
    'main/report',
    'main/verify',
    'main/evidence',
  ],
  engine: ['main/plan', 'main/operations'],
  model: ['main/domain'],
  door: ['main/directory', 'main/entra', 'main/sysvol', 'main/adsync'],
  platform: ['main/platform'],
  shared: ['shared'],
};
const rank = {
  face: 3,
  composition: 2,
  engine: 1.5,
  model: 1.25,
  door: 1,
  platform: 0.5,
  shared: 0,
};
/**
 * What the plan engine's layer offers the steps: each kind of operation's folder (its index.ts,
 * which builds an operation of that kind) and main/plan/step-api.ts (validate a plan, who runs
 * it), no more.
 * @param {string} root
 * @param {string | undefined} path
 */
const stepApi = 'main/plan/step-api';
const offeredToSteps = (root, path) =>
  path === stepApi ||
  (path !== undefined &&
    /^main\/operations\/[a-z-]+$/.test(path) &&
    existsSync(join(root, path, 'index.ts')));
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
        return {
          layer: /** @type {Place['layer']} */ (layer),
          unit,
          path: path.replace(/\.[jt]s$/, ''),
        };
    }
  }
  return undefined;
}

/**
 * Why an import from `from` to `to` is refused, or undefined when it is allowed.
 * @param {Place} from
 * @param {Place} to
 * @param {string} [root] the repository, where main/ is
 */
export function refusal(from, to, root = process.cwd()) {
  if (from.unit === to.unit) return undefined;
  if (rank[to.layer] > rank[from.layer])
    return `${from.unit} (${from.layer}) may not import ${to.unit} (${to.layer}): layers only point down (faces > composition > plan engine > domain model > doors > shared/).`;
  // A step is one unit to the rest of the engine: its folder's index.ts is its public face.
  if (
    to.unit === 'main/steps' &&
    from.unit !== 'main/steps' &&
    (to.path ?? '').split('/').length > 3
  )
    return `${from.unit} reaches a step through its folder's index.ts, not ${to.path}.`;
  if (from.unit === 'main/steps' && to.layer === 'engine' && !offeredToSteps(root, to.path))
    return `${from.unit} reaches the plan engine only through ${stepApi}.ts and each kind's main/operations/<kind>/index.ts, not ${to.path}.`;
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
      const why = refusal(from, to, root);
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
