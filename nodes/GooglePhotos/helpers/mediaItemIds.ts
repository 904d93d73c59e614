import type { IdRequest } from '../types';

/** Ids are URL-safe base64 (spec §1); anything else cannot name a media item. */
const ID_PATTERN = /^[A-Za-z0-9_-]+$/;

/**
 * Real ids are ~100 characters. A far longer value is a pasted document, not an id, and would only
 * bloat the request URL, so it is refused before any request is made.
 */
export const MAX_ID_LENGTH = 500;

/** Valid ids never contain commas or white space (spec §1), so a typed list can be split on them. */
const SEPARATORS = /[\s,]+/;

function describe(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** A character for a message: quoted, or U+XXXX when it would be invisible (zero-width, control). */
function shown(character: string): string {
	if (!/^[\p{C}\p{Z}]$/u.test(character)) return `"${character}"`;
	const hex = (character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
	return `U+${hex}`;
}

function invalid(
	itemIndex: number,
	value: unknown,
	problem: string,
	mediaItemId: string | null = null,
): IdRequest {
	return { kind: 'invalid', itemIndex, mediaItemId, value, problem };
}

function idsFromText(text: string, itemIndex: number): IdRequest[] {
	return text
		.split(SEPARATORS)
		.filter((token) => token !== '')
		.map((token): IdRequest => {
			if (token.length > MAX_ID_LENGTH) {
				return invalid(
					itemIndex,
					token,
					`The value is ${token.length} characters long; Google Photos media item IDs are about 100 characters.`,
					token,
				);
			}
			if (!ID_PATTERN.test(token)) {
				const bad = [...token].find((character) => !ID_PATTERN.test(character)) ?? '';
				return invalid(
					itemIndex,
					token,
					`"${token}" contains ${shown(bad)}; Google Photos media item IDs only contain letters, digits, "-" and "_".`,
					token,
				);
			}
			return { kind: 'id', itemIndex, mediaItemId: token };
		});
}

function idsFromElement(element: unknown, itemIndex: number, position: number): IdRequest[] {
	if (typeof element === 'string') {
		const found = idsFromText(element, itemIndex);
		return found.length > 0
			? found
			: [invalid(itemIndex, element, `Entry ${position + 1} of the list is empty.`)];
	}
	return [
		invalid(
			itemIndex,
			element,
			`Entry ${position + 1} of the list is ${describe(element)}, not a media item ID (text).`,
		),
	];
}

/**
 * Turns the value that the "Media Item IDs" parameter produced for one input item into id
 * requests: one id, a list typed with commas / spaces / new lines, or an array of such strings.
 * Every value yields at least one entry, so nothing a user feeds in is silently dropped.
 */
export function idRequestsFromValue(value: unknown, itemIndex: number): IdRequest[] {
	if (value === undefined || value === null || value === '') {
		return [invalid(itemIndex, value ?? null, 'No media item ID: the value is empty.')];
	}
	if (typeof value === 'string') {
		const found = idsFromText(value, itemIndex);
		return found.length > 0
			? found
			: [
					invalid(
						itemIndex,
						value,
						'No media item ID: the value only contains spaces or separators.',
					),
				];
	}
	if (Array.isArray(value)) {
		if (value.length === 0) {
			return [invalid(itemIndex, value, 'No media item ID: the list is empty.')];
		}
		return value.flatMap((element, position) => idsFromElement(element, itemIndex, position));
	}
	return [
		invalid(
			itemIndex,
			value,
			`The value is ${describe(value)}, not a media item ID. Map a text field, or a list of IDs.`,
		),
	];
}
