/**
 * What the resilience tests read off the emulator: the batchGet calls it received, the pauses
 * between them, the requests a batch split must cost, and the secrets nothing may echo.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import type { Emulator, RequestLogEntry } from '../../emulator';
import { parseRawQuery } from '../../emulator/query';
import type { CredentialUpdate } from '../../engine';

export const BATCH_GET_PATH = '/v1/mediaItems:batchGet';

/**
 * The emulator's longest request target (its [guess] at Google's front end): a longer one gets
 * 414 HTML before any API logic runs. Mirrors `MAX_TARGET_LENGTH` in test/emulator/server.ts.
 */
export const MAX_TARGET_LENGTH = 16 * 1024;

export function batchGetCalls(emulator: Emulator): RequestLogEntry[] {
	return emulator.log.filter((entry) => entry.path === BATCH_GET_PATH);
}

/**
 * The decoded query of a call. The emulator parses it only for requests it routes, so a target
 * refused as too long (414) is read here from the raw query, with the same strict rules.
 */
export function queryOf(call: RequestLogEntry): Array<[string, string]> {
	if (call.query.length > 0 || call.rawQuery === '') return call.query;
	return parseRawQuery(call.rawQuery).pairs;
}

export const idsSentIn = (call: RequestLogEntry): string[] =>
	queryOf(call)
		.filter(([key]) => key === 'mediaItemIds')
		.map(([, value]) => value);

/**
 * Milliseconds from the end of each call (as the emulator logged it) to the start of the next:
 * the client's back-off plus its own overhead, never less than the back-off.
 */
export function pausesBetween(calls: readonly RequestLogEntry[]): number[] {
	return calls
		.slice(1)
		.map((call, n) => call.startedAt - (calls[n].startedAt + calls[n].durationMs));
}

/** The request target the node sends for these ids (they are URL-safe, so never escaped). */
export function requestTarget(ids: readonly string[]): string {
	return `${BATCH_GET_PATH}?${ids.map((id) => `mediaItemIds=${id}`).join('&')}`;
}

export const isTooLong = (ids: readonly string[]) => requestTarget(ids).length > MAX_TARGET_LENGTH;

/** How fetchMediaItems halves a failing batch: the first half takes the odd one. */
export function halvesOf<T>(ids: readonly T[]): [T[], T[]] {
	const middle = Math.ceil(ids.length / 2);
	return [ids.slice(0, middle), ids.slice(middle)];
}

/**
 * The split requests the node sends, in order, for a batch whose failure depends on its content
 * alone (a poisoned id, a target too long): both halves of every failing part of more than one
 * id, depth first, down to single ids. For one culprit in n ids that is 2·depth ≤ 2·ceil(log2 n).
 */
export function splitSequenceFor(
	batch: readonly string[],
	fails: (ids: readonly string[]) => boolean,
): string[][] {
	if (batch.length < 2 || !fails(batch)) return [];
	return halvesOf(batch).flatMap((half) => [half, ...splitSequenceFor(half, fails)]);
}

export const splitRequestsFor = (
	batch: readonly string[],
	fails: (ids: readonly string[]) => boolean,
) => splitSequenceFor(batch, fails).length;

export const ceilLog2 = (n: number) => Math.ceil(Math.log2(n));

/** Every bearer token the node sent to the emulator (minted ones and those n8n refreshed). */
export function bearerTokensSeen(emulator: Emulator): string[] {
	const tokens = new Set<string>();
	for (const entry of emulator.log) {
		const header = entry.headers.authorization;
		for (const value of Array.isArray(header) ? header : [header]) {
			const match = /^Bearer\s+(\S+)/i.exec(value ?? '');
			if (match) tokens.add(match[1]);
		}
	}
	return [...tokens];
}

/** Access and refresh tokens n8n stored after asking the emulator's /token endpoint. */
export function tokensStored(updates: readonly CredentialUpdate[]): string[] {
	return everyString(updates).filter((text) => /^(ya29\.|1\/\/)/.test(text));
}

/**
 * Every string reachable from a value: own properties whether enumerable or not (an Error's
 * message, stack, cause, description, context…), array entries, nested objects; cycles once.
 */
export function everyString(value: unknown, seen = new Set<unknown>()): string[] {
	if (typeof value === 'string') return [value];
	if (typeof value !== 'object' || value === null || seen.has(value)) return [];
	seen.add(value);
	return Object.getOwnPropertyNames(value).flatMap((key) => {
		let property: unknown;
		try {
			property = (value as Record<string, unknown>)[key];
		} catch {
			return [];
		}
		return everyString(property, seen);
	});
}

/** The secrets that occur anywhere in `emitted`; empty when nothing leaked. */
export function leakedSecrets(emitted: unknown, secrets: readonly string[]): string[] {
	const text = everyString(emitted).join('\n');
	return secrets.filter((secret) => secret.length > 0 && text.includes(secret));
}

export const rows = (values: readonly unknown[]) => values.map((id) => ({ id }));

export const errorOf = (item: INodeExecutionData) =>
	item.json.error as {
		code: number;
		status: string;
		message: string;
		description: string;
		kind: string;
		httpCode?: number;
		reason?: string;
	};
