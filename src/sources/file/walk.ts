import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { WardError } from '../../core/errors.js';

/**
 * Expand files and folders (recursively, sorted, hidden entries skipped) into a list of
 * files with their sizes.
 *
 * @example
 * await walk(['/var/log/auth.log', 'exports/']) // [{ path: '/var/log/auth.log', size: 1234 }, …]
 */
export async function walk(paths: string[]): Promise<Array<{ path: string; size: number }>> {
  const out: Array<{ path: string; size: number }> = [];
  const visit = async (p: string): Promise<void> => {
    let st;
    try {
      st = await stat(p);
    } catch {
      throw new WardError('request.invalid', 'no such file or folder', p);
    }
    if (st.isDirectory()) {
      const names = (await readdir(p)).filter((n) => !n.startsWith('.')).sort();
      for (const n of names) await visit(join(p, n));
    } else if (st.isFile()) {
      out.push({ path: p, size: st.size });
    }
  };
  for (const p of paths) await visit(p);
  return out;
}
