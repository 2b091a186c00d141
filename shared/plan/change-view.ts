/**
 * How the app shows a planned change, by its shape, never by its kind: each kind says which
 * shape its change takes (shared/plan/kinds/), and the renderer draws shapes, so a new kind that
 * reads as before → after or as a text diff needs nothing new in the renderer.
 */

/** A DACL before and after: ACE rows in ADUC's words (the renderer's AceDiff). */
export interface DaclChangeView {
  readonly shape: 'dacl';
  readonly target: string;
  /** To read the SDDL's DA/DU/… aliases back to SIDs, and to name the domain's principals. */
  readonly domainSid: string;
  readonly before: { readonly base64: string; readonly sddl: string };
  readonly after: { readonly base64: string; readonly sddl: string };
}

/** A text file before and after: a unified diff. */
export interface TextChangeView {
  readonly shape: 'text';
  readonly path: string;
  readonly before: string;
  readonly after: string;
}

/** One named value before and after (an attribute, a switch), in the admin's words. */
export interface BeforeAfterView {
  readonly shape: 'before-after';
  /** What the name is, as a column heading: "Attribute", "Setting". */
  readonly what: string;
  readonly name: string;
  readonly before: string;
  readonly after: string;
}

export type ChangeView = DaclChangeView | TextChangeView | BeforeAfterView;
