import type { IBinaryData, IDataObject } from 'n8n-workflow';

/** A Google Photos media item id: URL-safe base64, typically 98–99 characters (spec §1). */
export type MediaItemId = string;

/** The MediaItem JSON exactly as Google returns it. */
export type MediaItem = IDataObject & { id: string };

/** One entry of `mediaItemResults`: matched to its id by position, never by content (spec §2). */
export interface MediaItemResult {
	mediaItem?: MediaItem;
	status?: { code?: number; message?: string; details?: unknown[] };
}

/**
 * What the user asked for, one entry per id occurrence, in input order. An entry either names an
 * id to fetch or carries the reason its input value could not be used as one.
 */
export type IdRequest =
	| { kind: 'id'; itemIndex: number; mediaItemId: MediaItemId }
	| {
			kind: 'invalid';
			itemIndex: number;
			mediaItemId: string | null;
			value: unknown;
			problem: string;
	  };

/** The requests to send: each batch holds ≤ batchSize distinct ids, each id in exactly one batch. */
export interface BatchPlan {
	batches: MediaItemId[][];
	distinctIds: number;
}

/** Why an id has no media item, in a shape that is both machine- and human-readable. */
export interface MediaItemError extends IDataObject {
	/** google.rpc code for per-item failures, the HTTP status for whole-request failures. */
	code: number;
	/** google.rpc status name, e.g. INVALID_ARGUMENT, or INVALID_INPUT for values we never sent. */
	status: string;
	/** Google's own message (verbatim) or ours for input problems. */
	message: string;
	/** What it means and what to do, for a person who has never read Google's docs. */
	description: string;
	/** Where the failure came from; `download`: the item was found but its bytes were not fetched. */
	kind: 'item' | 'request' | 'input' | 'download';
	/** For whole-request failures: the HTTP status and Google's ErrorInfo reason, when known. */
	httpCode?: number;
	reason?: string;
}

export type MediaItemOutcome =
	{ ok: true; mediaItem: MediaItem } | { ok: false; error: MediaItemError };

/**
 * What "Download Media" did for one distinct id. `mediaItem` is the one to output: a fresh copy
 * when an expired baseUrl had to be refreshed.
 */
export type DownloadOutcome =
	| { ok: true; mediaItem: MediaItem; binary: IBinaryData }
	| { ok: false; mediaItem: MediaItem; error: MediaItemError };
