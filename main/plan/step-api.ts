/**
 * What the steps may use of the plan engine, and nothing else of it (the layer rule in
 * scripts/lint/layers.js lets main/steps import this module of main/plan and no other): build
 * an operation of each kind (its fingerprints computed the one way apply checks them), validate
 * the plan they compose, and say who is running it. The plan engine itself knows no step.
 */
export {
  adsyncSettingOperation,
  attributeOperation,
  fileOperation,
  securityDescriptorOperation,
} from './build-operation';
export { runContext } from './journal';
export { validatePlan } from './plan-file';
