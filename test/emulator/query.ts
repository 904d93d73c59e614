/**
 * A strict query-string reader. Google binds every key literally, so nothing here forgives:
 * `mediaItemIds[]` stays `mediaItemIds[]`, `a,b` stays one value, and every repeat is kept in order.
 */

export interface ParsedQuery {
	pairs: Array<[string, string]>;
	/** The first segment whose percent-encoding cannot be decoded, if any. */
	malformed?: string;
}

function decode(part: string): string | undefined {
	if (!part.includes('%') && !part.includes('+')) return part;
	try {
		return decodeURIComponent(part.replace(/\+/g, ' '));
	} catch {
		return undefined;
	}
}

export function parseRawQuery(raw: string): ParsedQuery {
	const pairs: Array<[string, string]> = [];
	let malformed: string | undefined;
	if (raw === '') return { pairs };
	for (const segment of raw.split('&')) {
		if (segment === '') continue;
		const eq = segment.indexOf('=');
		const rawKey = eq === -1 ? segment : segment.slice(0, eq);
		const rawValue = eq === -1 ? '' : segment.slice(eq + 1);
		const key = decode(rawKey);
		const value = decode(rawValue);
		if (key === undefined || value === undefined) {
			malformed ??= segment;
			pairs.push([key ?? rawKey, value ?? rawValue]);
			continue;
		}
		pairs.push([key, value]);
	}
	return { pairs, malformed };
}

/** Splits a request target into path and raw query (everything after the first `?`). */
export function splitTarget(target: string): { path: string; rawQuery: string } {
	const q = target.indexOf('?');
	return q === -1
		? { path: target, rawQuery: '' }
		: { path: target.slice(0, q), rawQuery: target.slice(q + 1) };
}
