/**
 * What an admin can change to fix something: the DC, the bind account, the tenant, … The engine
 * names a field inside its messages and fixes with `field('tenant')`; each face words it its own
 * way when the text leaves the engine (the command line as its flag, `--tenant`; the app as its
 * field or button, "Tenant on Sign in to Entra ID"), so the app never tells anyone to pass a flag.
 *
 * A field is written as a marker between two private-use characters, which no admin types and no
 * face prints: `wordFields` replaces every marker it knows, and leaves any other text as it is.
 */

export const fieldNames = [
  'dc',
  'directories',
  'bindUser',
  'password',
  'ca',
  'tlsFingerprint',
  'sysvol',
  'account',
  'adsync',
  'tenant',
  'cloud',
  'clientId',
  'graphToken',
  'graphEndpoint',
  'graph',
  'scope',
  'pageSize',
  'streams',
  'steps',
  'psos',
  'includeAdminSdHolder',
  'enableInheritance',
  'syncForcePasswordChange',
  'journal',
  'journalDir',
  'yes',
  'out',
  'canary',
  'eventsSince',
  'connectivity',
  'canaryTimeout',
  'dcUrl',
] as const;
export type Field = (typeof fieldNames)[number];

/**
 * How one face words every field, with the value the engine gives (`--psos all` on the command
 * line; the checkbox that does the same in the app).
 */
export type FieldWords = Readonly<Record<Field, (value: string | undefined) => string>>;

const open = '\uE000';
const close = '\uE001';
const separator = '\uE002';
const marker = /\uE000([A-Za-z]+)(?:\uE002([^\uE000\uE001]*))?\uE001/g;
const known = new Set<string>(fieldNames);

/** A field named inside engine text (a message, a fix, a note), with the value to give it. */
export function field(name: Field, value?: string): string {
  if (value === undefined) return `${open}${name}${close}`;
  // A value read from the directory cannot end the marker early.
  return `${open}${name}${separator}${value.replace(/[\uE000-\uE002]/g, '')}${close}`;
}

/** The fields a text names, in order, each once: what the admin is asked to change. */
export function fieldsIn(text: string): Field[] {
  const found: Field[] = [];
  for (const match of text.matchAll(marker)) {
    const name = match[1]!;
    if (known.has(name) && !found.includes(name as Field)) found.push(name as Field);
  }
  return found;
}

/** The text with every field worded for one face. */
export function wordFields(text: string, words: FieldWords): string {
  if (!text.includes(open)) return text;
  return text.replace(marker, (whole, name: string, value: string | undefined) =>
    known.has(name) ? words[name as Field](value) : whole,
  );
}

/**
 * A plain JSON value (a report, a plan, a result) with every string worded for one face. Only
 * arrays and plain objects are walked; anything else is returned as it is.
 */
export function wordFieldsDeep<T>(value: T, words: FieldWords): T {
  if (typeof value === 'string') return wordFields(value, words) as T;
  if (Array.isArray(value)) {
    let changed = false;
    const mapped = value.map((item: unknown) => {
      const worded = wordFieldsDeep(item, words);
      if (worded !== item) changed = true;
      return worded;
    });
    return (changed ? mapped : value) as T;
  }
  if (value !== null && typeof value === 'object' && isPlainObject(value)) {
    let changed = false;
    const entries = Object.entries(value).map(([key, item]) => {
      const worded = wordFieldsDeep(item, words);
      if (worded !== item) changed = true;
      return [key, worded] as const;
    });
    return (changed ? Object.fromEntries(entries) : value) as T;
  }
  return value;
}

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}
