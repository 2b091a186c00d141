/**
 * What the steps may use of main/plan, and nothing else of it: validate the plan they compose,
 * and say who is running it. A step builds its operations with each kind's builder, from that
 * kind's folder (main/operations/<kind>/index.ts); the layer rule in scripts/lint/layers.js
 * lets main/steps reach the plan engine's layer through those two doors only. The plan engine
 * itself knows no step.
 */
export { runContext } from './journal';
export { validatePlan } from './plan-file';
