import type { MediaItemError } from '../types';
import { PHOTOS_READ_SCOPE } from '../transport/endpoints';

/** google.rpc.Code names (spec §3). */
const RPC_STATUS: Record<number, string> = {
	0: 'OK',
	1: 'CANCELLED',
	2: 'UNKNOWN',
	3: 'INVALID_ARGUMENT',
	4: 'DEADLINE_EXCEEDED',
	5: 'NOT_FOUND',
	6: 'ALREADY_EXISTS',
	7: 'PERMISSION_DENIED',
	8: 'RESOURCE_EXHAUSTED',
	9: 'FAILED_PRECONDITION',
	10: 'ABORTED',
	11: 'OUT_OF_RANGE',
	12: 'UNIMPLEMENTED',
	13: 'INTERNAL',
	14: 'UNAVAILABLE',
	15: 'DATA_LOSS',
	16: 'UNAUTHENTICATED',
};

export function rpcStatusName(code: number): string {
	return RPC_STATUS[code] ?? 'UNKNOWN';
}

const ITEM_EXPLANATIONS: Record<number, string> = {
	3: 'Google did not return this media item. The ID is malformed, the item was deleted, or it was not uploaded by this OAuth client: since 31 March 2025 Google only lets an app read photos and videos that the same app created.',
	5: 'Google could not find this media item. It may have been deleted.',
	7: 'Google does not let this account or app read this media item.',
};

/** A failure that Google reported for one id inside a successful batchGet (spec §3). */
export function itemError(status: { code?: number; message?: string }): MediaItemError {
	const code = typeof status.code === 'number' ? status.code : 2;
	return {
		code,
		status: rpcStatusName(code),
		message: status.message ?? 'Google returned no message.',
		description:
			ITEM_EXPLANATIONS[code] ??
			`Google could not return this media item (${rpcStatusName(code)}). Check the ID and try again later.`,
		kind: 'item',
	};
}

/** A value that never reached Google because it cannot be a media item id. */
export function inputError(problem: string): MediaItemError {
	return {
		code: 3,
		status: 'INVALID_INPUT',
		message: problem,
		description:
			'This value was not sent to Google. Map the "Media Item IDs" parameter to a field that holds an ID, a list of IDs separated by commas or new lines, or an array of IDs.',
		kind: 'input',
	};
}

export const SCOPE_EXPLANATION = `The credential's token lacks the ${PHOTOS_READ_SCOPE} scope. Google removed the old photoslibrary and photoslibrary.readonly scopes on 31 March 2025; tokens that carry only those can no longer read media. Reconnect the credential (or mint a new refresh token) and grant the "appcreateddata" scope.`;

export const RECONNECT_EXPLANATION =
	'Google refused to refresh the access token (invalid_grant): the refresh token was revoked or has expired. A very common cause is an OAuth consent screen left in "Testing" status, whose refresh tokens die after 7 days: publish the app ("In production") in Google Cloud Console → APIs & Services → OAuth consent screen, then reconnect the credential.';
