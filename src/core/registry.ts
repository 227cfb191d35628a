import { WardError } from './errors.js';

/**
 * A plain name → definition map. Registering the same name twice is a programming error;
 * looking up an unknown name is a configuration error that names the bad key and the choices.
 *
 * @example
 * const parsers = new Registry<ParserDef>('parser');
 * parsers.register('syslog', syslogDef);
 * parsers.get('sislog', 'sources[0].format') // throws: unknown parser "sislog" (known: syslog)
 */
export class Registry<T> {
  private readonly defs = new Map<string, T>();
  constructor(readonly kind: string) {}

  register(name: string, def: T): void {
    if (this.defs.has(name)) throw new Error(`${this.kind} "${name}" registered twice`);
    this.defs.set(name, def);
  }

  get(name: string, where?: string): T {
    const def = this.defs.get(name);
    if (!def) {
      throw new WardError(
        'config.unknown_component',
        `unknown ${this.kind} "${name}" (known: ${[...this.defs.keys()].sort().join(', ')})`,
        where,
      );
    }
    return def;
  }

  has(name: string): boolean {
    return this.defs.has(name);
  }

  names(): string[] {
    return [...this.defs.keys()].sort();
  }

  entries(): Array<[string, T]> {
    return [...this.defs.entries()];
  }
}
