/**
 * Filters as text, sent with binary values intact. ldapts reads each `\xx` of a filter value as
 * one character and writes every value as UTF-8, so a byte of 0x80 or more in a binary value
 * (an objectGUID bound, an escaped objectSid) would leave as two bytes (`\80` as C2 80) and the
 * DC would compare against another value. For the binary attributes, the equality and ordering
 * values go out as the bytes the escapes say; every other value as ldapts writes it (UTF-8 text,
 * as escape.ts expects).
 */
import {
  AndFilter,
  Ber,
  EqualityFilter,
  FilterParser,
  GreaterThanEqualsFilter,
  LessThanEqualsFilter,
  NotFilter,
  OrFilter,
  type BerWriter,
  type Filter,
} from 'ldapts';

type ValueFilter = EqualityFilter | GreaterThanEqualsFilter | LessThanEqualsFilter;

/** The escaped bytes of a value ldapts parsed (every character one byte), or undefined. */
function asBytes(value: unknown): Buffer | undefined {
  if (typeof value !== 'string' || [...value].some((char) => char.charCodeAt(0) > 0xff))
    return undefined;
  return Buffer.from(value, 'latin1');
}

function sendBytes(filter: ValueFilter, bytes: Buffer): void {
  if (filter instanceof EqualityFilter) {
    filter.value = bytes; // ldapts writes a Buffer value as it is
    return;
  }
  filter.writeFilter = (writer: BerWriter) => {
    writer.writeString(filter.attribute);
    writer.writeBuffer(bytes, Ber.OctetString);
  };
}

function fix(filter: Filter, binary: ReadonlySet<string>): Filter {
  if (filter instanceof AndFilter || filter instanceof OrFilter) {
    for (const inner of filter.filters) fix(inner, binary);
  } else if (filter instanceof NotFilter) {
    fix(filter.filter, binary);
  } else if (
    filter instanceof EqualityFilter ||
    filter instanceof GreaterThanEqualsFilter ||
    filter instanceof LessThanEqualsFilter
  ) {
    const bytes = binary.has(filter.attribute.toLowerCase()) ? asBytes(filter.value) : undefined;
    if (bytes !== undefined) sendBytes(filter, bytes);
  }
  return filter;
}

/** The filter `text` as ldapts sends it, binary attributes' values as bytes. */
export function parseFilter(text: string, binaryAttributes: readonly string[]): Filter {
  const binary = new Set(binaryAttributes.map((name) => name.toLowerCase()));
  return fix(FilterParser.parseString(text), binary);
}
