import { SdError } from './sd-error';

/**
 * Little-endian fixed-size structures, declared once (field by field, in wire order) and
 * used for both reading and writing, as impacket's ldaptypes.py and Samba's security.idl do.
 */
export type FieldType = 'u8' | 'u16' | 'u32';

const fieldSize: Record<FieldType, number> = { u8: 1, u16: 2, u32: 4 };

export interface Struct<Name extends string> {
  readonly name: string;
  readonly size: number;
  read(view: DataView, offset: number): Record<Name, number>;
  write(view: DataView, offset: number, values: Record<Name, number>): void;
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
  return {
    name,
    size,
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
        const at = offset + f.at;
        out[f.field] =
          f.type === 'u8'
            ? view.getUint8(at)
            : f.type === 'u16'
              ? view.getUint16(at, true)
              : view.getUint32(at, true);
      }
      return out;
    },
    write(view, offset, values) {
      for (const f of layout) {
        const at = offset + f.at;
        const value = values[f.field];
        if (f.type === 'u8') view.setUint8(at, value);
        else if (f.type === 'u16') view.setUint16(at, value, true);
        else view.setUint32(at, value >>> 0, true);
      }
    },
  };
}

export function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
