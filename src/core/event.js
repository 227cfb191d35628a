/**
 * Read a field by its dotted ECS path, accepting both nested objects and flat dotted keys.
 *
 * @example
 * getField({ user: { name: 'a' } }, 'user.name') // 'a'
 * getField({ 'winlog.event_id': 4625 }, 'winlog.event_id') // 4625
 */
export function getField(obj, path) {
    if (obj === null || typeof obj !== 'object')
        return undefined;
    const rec = obj;
    if (path in rec)
        return rec[path];
    const dot = path.indexOf('.');
    if (dot < 0)
        return undefined;
    // Try each split point so `a.b.c` finds { 'a.b': { c } } as well as { a: { b: { c } } }.
    for (let i = dot; i >= 0; i = path.indexOf('.', i + 1)) {
        const head = path.slice(0, i);
        if (head in rec) {
            const found = getField(rec[head], path.slice(i + 1));
            if (found !== undefined)
                return found;
        }
    }
    return undefined;
}
/**
 * Set a field by dotted path, creating nested objects as needed.
 *
 * @example
 * const o = {}; setField(o, 'source.ip', '10.0.0.1'); // { source: { ip: '10.0.0.1' } }
 */
export function setField(obj, path, value) {
    const parts = path.split('.');
    let cur = obj;
    for (let i = 0; i < parts.length - 1; i++) {
        const k = parts[i];
        const next = cur[k];
        if (next === null || typeof next !== 'object' || Array.isArray(next)) {
            const fresh = {};
            cur[k] = fresh;
            cur = fresh;
        }
        else {
            cur = next;
        }
    }
    cur[parts[parts.length - 1]] = value;
}
/** Epoch milliseconds of an event's `@timestamp` (NaN if unparseable). */
export function eventTime(e) {
    return Date.parse(e['@timestamp']);
}
