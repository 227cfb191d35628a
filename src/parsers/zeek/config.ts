import { z } from 'zod';

/**
 * Settings of the `zeek` parser.
 *
 * @example
 * zeekConfig.parse({}) // {}
 * zeekConfig.parse({ path: 'conn' }) // { path: 'conn' }
 */
export const zeekConfig = z.strictObject({
  /**
   * The log stream (`conn`, `dns`, `http`, …) of records that do not name it themselves: JSON
   * objects without `_path`, and TSV lines read without their `#fields` header (a file source
   * that resumed mid-file). Without it, JSON records are recognised by their field names.
   */
  path: z
    .string()
    .regex(/^[a-z0-9_]{1,64}$/, 'expected a Zeek log stream name such as "conn" or "dns"')
    .optional(),
});

/**
 * Parsed settings of the `zeek` parser.
 *
 * @example
 * const c: ZeekConfig = { path: 'conn' };
 */
export type ZeekConfig = z.output<typeof zeekConfig>;
