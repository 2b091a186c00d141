import { SdError } from './sd-error';

/**
 * Little-endian fixed-size structures, declared once (field by field, in wire order) and
 * used for reading and writing, as impacket's ldaptypes.py and Samba's security.idl do.
 * `get` holds one reader per field for the hot paths (the access check walks millions of
 * ACEs): the caller checks the bounds once with `fits`, then reads fields without a check.
 */
export type FieldType = 'u8' | 'u16' | 'u32';

const fieldSize: Record<FieldType, number> = { u8: 1, u16: 2, u32: 4 };

type FieldReader = (view: DataView, offset: number) => number;

export interface Struct<Name extends string> {
  readonly name: string;
  readonly size: number;
  /** Each field's byte offset from the start of the structure. */
  readonly at: Readonly<Record<Name, number>>;
  /** Each field's reader, given the structure's start; no bounds check (see `fits`). */
  readonly get: Readonly<Record<Name, FieldReader>>;
  /** Whether the structure starting at `offset` ends by `end`. */
  fits(offset: number, end: number): boolean;
  /** All fields, bounds-checked (an SdError 'sd-truncated' names the structure). */
  read(view: DataView, offset: number): Record<Name, number>;
  write(view: DataView, offset: number, values: Record<Name, number>): void;
}

function readerOf(type: FieldType, at: number): FieldReader {
  if (type === 'u8') return (view, offset) => view.getUint8(offset + at);
  if (type === 'u16') return (view, offset) => view.getUint16(offset + at, true);
  return (view, offset) => view.getUint32(offset + at, true);
}

export function declareStruct<const Name extends string>(
  name: string,
  fields: readonly (readonly [Name, FieldType])[],
): Struct<Name> {
  const layout = fields.map(([field, type], index) => ({
    field,
    type,
    at: fields.slice(0, index).reduce((sum, [, t]) => sum + fieldSize[t], 0),
  }));
  const size = layout.reduce((sum, f) => sum + fieldSize[f.type], 0);
  const at = Object.fromEntries(layout.map((f) => [f.field, f.at])) as Record<Name, number>;
  const get = Object.fromEntries(layout.map((f) => [f.field, readerOf(f.type, f.at)])) as Record<
    Name,
    FieldReader
  >;
  return {
    name,
    size,
    at,
    get,
    fits: (offset, end) => offset >= 0 && offset + size <= end,
    read(view, offset) {
      if (offset < 0 || offset + size > view.byteLength) {
        throw new SdError(
          'sd-truncated',
          `The ${name} needs ${size} bytes but only ${Math.max(0, view.byteLength - offset)} remain`,
          { offset },
        );
      }
      const out = {} as Record<Name, number>;
      for (const f of layout) {
        const where = offset + f.at;
        out[f.field] =
          f.type === 'u8'
            ? view.getUint8(where)
            : f.type === 'u16'
              ? view.getUint16(where, true)
              : view.getUint32(where, true);
      }
      return out;
    },
    write(view, offset, values) {
      for (const f of layout) {
        const where = offset + f.at;
        const value = values[f.field];
        if (f.type === 'u8') view.setUint8(where, value);
        else if (f.type === 'u16') view.setUint16(where, value, true);
        else view.setUint32(where, value >>> 0, true);
      }
    },
  };
}

export function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
