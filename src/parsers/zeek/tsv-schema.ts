import { ParseError } from '../../core/errors.js';

/** How a TSV column's text becomes a value, decided once per `#types` header. */
export const Kind = { String: 0, Number: 1, Bool: 2, StringList: 3, NumberList: 4 } as const;
/** One of {@link Kind}'s values. */
export type Kind = (typeof Kind)[keyof typeof Kind];

/**
 * The schema of one Zeek TSV stream, set by its header lines (`#separator`, `#set_separator`,
 * `#empty_field`, `#unset_field`, `#path`, `#fields`, `#types`).
 *
 * @example
 * const s = newSchema(); // separator "\t", set separator ",", path undefined, no fields yet
 */
export interface TsvSchema {
  separator: string;
  setSeparator: string;
  emptyField: string;
  unsetField: string;
  path: string | undefined;
  fields: string[];
  kinds: Kind[];
  /** The `#types` as written, kept for error messages. */
  types: string[];
}

/**
 * A schema with Zeek's defaults and no columns yet.
 *
 * @example
 * newSchema().separator // '\t'
 */
export function newSchema(): TsvSchema {
  return { separator: '\t', setSeparator: ',', emptyField: '(empty)', unsetField: '-', path: undefined, fields: [], kinds: [], types: [] };
}

/**
 * The value kind of a Zeek type name: `count`/`int`/`port`/`double`/`time`/`interval` are
 * numbers, `bool` is T/F, `set[…]`/`vector[…]`/`table[…]` are lists, the rest text.
 *
 * @example
 * kindOf('set[string]') // Kind.StringList
 */
export function kindOf(type: string): Kind {
  switch (type) {
    case 'count': case 'int': case 'port': case 'double': case 'time': case 'interval':
      return Kind.Number;
    case 'bool':
      return Kind.Bool;
    default: {
      const open = type.indexOf('[');
      if (open < 0) return Kind.String;
      return kindOf(type.slice(open + 1, type.length - 1)) === Kind.Number ? Kind.NumberList : Kind.StringList;
    }
  }
}

const HEX_ESCAPE = /\\x([0-9a-fA-F]{2})/g;

/** `\x09` → tab: the `#separator` line writes its value escaped. */
function unescapeHeader(s: string): string {
  return s.indexOf('\\x') < 0 ? s : s.replace(HEX_ESCAPE, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/**
 * Apply one `#…` header line to `schema` (in place). `#separator` takes a space before its
 * escaped value; every other directive uses the current separator. Unknown directives
 * (`#open`, `#close`, comments) are accepted and ignored.
 *
 * @example
 * const s = newSchema();
 * applyHeader(s, '#fields\tts\tuid');
 * s.fields // ['ts', 'uid']
 */
export function applyHeader(schema: TsvSchema, line: string): void {
  if (line.startsWith('#separator')) {
    const value = unescapeHeader(line.slice('#separator'.length).trim());
    if (value.length === 0) throw new ParseError('Zeek header "#separator" has no value');
    schema.separator = value;
    return;
  }
  const sep = line.indexOf(schema.separator);
  if (sep < 0) return;
  const key = line.slice(1, sep);
  const rest = line.slice(sep + schema.separator.length);
  switch (key) {
    case 'set_separator': schema.setSeparator = unescapeHeader(rest); break;
    case 'empty_field': schema.emptyField = rest; break;
    case 'unset_field': schema.unsetField = rest; break;
    case 'path': schema.path = rest; break;
    case 'fields':
      schema.fields = rest.split(schema.separator);
      schema.types = [];
      schema.kinds = schema.fields.map(() => Kind.String);
      break;
    case 'types':
      schema.types = rest.split(schema.separator);
      if (schema.types.length !== schema.fields.length) {
        throw new ParseError(`Zeek header "#types" lists ${schema.types.length} types for ${schema.fields.length} "#fields"`);
      }
      schema.kinds = schema.types.map(kindOf);
      break;
    default:
      break;
  }
}
