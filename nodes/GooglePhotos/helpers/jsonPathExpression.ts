import type { IDataObject } from 'n8n-workflow';

/** `={{ $json.id }}`, `={{ $json.row.mediaItemId }}`, `={{ $json["media item id"] }}`… */
const SIMPLE_JSON_PATH =
	/^=\{\{\s*\$json((?:\.[A-Za-z_$][\w$]*|\[\s*(?:"[^"\\]*"|'[^'\\]*')\s*\])+)\s*\}\}$/;
const SEGMENT = /\.([A-Za-z_$][\w$]*)|\[\s*(?:"([^"\\]*)"|'([^'\\]*)')\s*\]/g;

/**
 * The field path of a parameter that is nothing but a plain `$json` path expression, else
 * undefined. Evaluating such an expression through n8n's expression engine costs about 150 µs
 * per item (it rebuilds its whole data proxy and date context each time) and dominates a run of
 * 100,000 ids; reading the same field directly gives the same value (docs/benchmarks.md).
 */
export function simpleJsonPath(rawParameter: unknown): string[] | undefined {
	if (typeof rawParameter !== 'string') return undefined;
	const match = SIMPLE_JSON_PATH.exec(rawParameter);
	if (!match) return undefined;
	return [...match[1].matchAll(SEGMENT)].map((segment) => segment[1] ?? segment[2] ?? segment[3]);
}

/**
 * What `$json.<path>` evaluates to for this item, or `{ resolved: false }` when the path runs into
 * something that is not an object (a string's `length`, a null): those rare values are left to
 * n8n's expression engine so its semantics stay exactly the same.
 */
export function readJsonPath(
	json: IDataObject,
	path: readonly string[],
): { resolved: true; value: unknown } | { resolved: false } {
	let value: unknown = json;
	for (const key of path) {
		if (typeof value !== 'object' || value === null) return { resolved: false };
		value = Object.prototype.hasOwnProperty.call(value, key)
			? (value as Record<string, unknown>)[key]
			: undefined;
	}
	return { resolved: true, value };
}
