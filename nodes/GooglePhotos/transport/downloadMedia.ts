import { sleep, type IBinaryData, type IExecuteFunctions } from 'n8n-workflow';

import { runWithConcurrency } from '../helpers/concurrency';
import {
	asItemError,
	checkMediaUrl,
	contentLengthOf,
	downloadSuffix,
	failureFromMediaStatus,
	fileNameFor,
	isRedirect,
	locationOf,
	networkDownloadFailure,
	notDownloadable,
	refreshFailure,
	refusedUrlFailure,
	servedMimeType,
	tooLargeFailure,
	tooManyRedirectsFailure,
	type CheckedUrl,
	type DownloadFailure,
	type ImageSize,
} from '../helpers/mediaDownload';
import type { DownloadOutcome, MediaItem, MediaItemId, MediaItemOutcome } from '../types';
import { MAX_IDS_PER_BATCH_GET } from './endpoints';
import { fetchMediaItems, type FetchSettings } from './fetchMediaItems';
import { retryDelayMs, type RetryPolicy } from './retryPolicy';
import { guardBody, type ByteStream } from './bodyGuard';

interface MediaResponse {
	statusCode: number;
	headers: Record<string, unknown>;
	body: ByteStream;
}

export interface DownloadSettings {
	imageSize: ImageSize;
	concurrency: number;
	/** How long the media host may send nothing: before the headers, and between bytes of the body. */
	timeoutMs: number;
	retry: RetryPolicy;
	/** Refuse files larger than this many bytes; 0 = no limit. */
	maxFileBytes: number;
	/** The origin of the credential's API origin: the emulator serves media there. */
	trustedOrigin?: string;
	/** How to ask batchGet for a fresh baseUrl when one has expired. */
	refresh: FetchSettings;
}

export interface DownloadReport {
	outcomes: Map<MediaItemId, DownloadOutcome>;
	/** Requests sent to the media host: redirects and retries included. */
	mediaRequests: number;
	/** batchGet requests sent to replace expired baseUrls. */
	refreshRequests: number;
}

type Attempt = { ok: true; binary: IBinaryData } | { ok: false; failure: DownloadFailure };

const MAX_REDIRECTS = 5;

/**
 * Replaces expired baseUrls with fresh ones from batchGet. All baseUrls of one batchGet expire
 * together (spec §6), so the id that met the 403 is refreshed together with up to 49 ids whose
 * download has not started yet: they then start with a fresh URL instead of each paying a 403 and
 * a batchGet of its own — a long run of large videos costs one refresh per 50 items, not per item.
 */
class BaseUrlRefresher {
	requests = 0;
	private readonly ahead = new Map<MediaItemId, Promise<MediaItemOutcome | undefined>>();

	constructor(
		private readonly context: IExecuteFunctions,
		private readonly settings: FetchSettings,
		private readonly notStarted: () => MediaItemId[],
	) {}

	/** One fresh batchGet for `id` (with companions); its outcome for `id`. */
	async refresh(id: MediaItemId): Promise<MediaItemOutcome> {
		const companions = this.notStarted()
			.filter((other) => other !== id && !this.ahead.has(other))
			.slice(0, MAX_IDS_PER_BATCH_GET - 1);
		const ids = [id, ...companions];
		const report = fetchMediaItems(
			this.context,
			{ batches: [ids], distinctIds: ids.length },
			{ ...this.settings, stopOnFailure: false },
		).then((answer) => {
			this.requests += answer.requests;
			return answer.outcomes;
		});
		for (const other of companions) {
			this.ahead.set(
				other,
				report.then((outcomes) => outcomes.get(other)),
			);
		}
		const outcomes = await report;
		return (
			outcomes.get(id) ?? {
				ok: false,
				error: {
					code: 2,
					status: 'UNKNOWN',
					message: 'batchGet returned no answer for this ID.',
					description: 'This should not happen; please report it with the workflow.',
					kind: 'request',
				},
			}
		);
	}

	/** The fresh copy fetched ahead of this id's download, if a refresh took it along. */
	async refreshedAhead(id: MediaItemId): Promise<MediaItem | undefined> {
		const outcome = await this.ahead.get(id);
		return outcome?.ok ? outcome.mediaItem : undefined;
	}
}

function describeError(error: unknown): string {
	const message = error instanceof Error ? error.message : String(error);
	const code = (error as { code?: unknown } | null)?.code;
	return typeof code === 'string' && !message.includes(code) ? `${code} (${message})` : message;
}

function resolveLocation(location: string, base: string): string {
	try {
		return new URL(location, base).href;
	} catch {
		return location;
	}
}

/**
 * Fetches every found media item's bytes into n8n's binary data, `concurrency` at a time, and
 * returns one outcome per distinct id — each occurrence of the id then shares that one file.
 */
export async function downloadMediaItems(
	context: IExecuteFunctions,
	found: ReadonlyMap<MediaItemId, MediaItemOutcome>,
	settings: DownloadSettings,
): Promise<DownloadReport> {
	const items = [...found.values()].flatMap((outcome) => (outcome.ok ? [outcome.mediaItem] : []));
	const report: DownloadReport = { outcomes: new Map(), mediaRequests: 0, refreshRequests: 0 };
	const started = new Set<MediaItemId>();
	const refresher = new BaseUrlRefresher(context, settings.refresh, () =>
		items.map((item) => item.id).filter((id) => !started.has(id)),
	);
	const signal = context.getExecutionCancelSignal?.();
	/** Once the media host says the daily quota is gone, no further download is started. */
	let quotaExhausted: DownloadFailure | undefined;

	/** One GET, following redirects by hand so that every hop passes the host check. */
	const fetchOnce = async (item: MediaItem): Promise<Attempt> => {
		let target: CheckedUrl = checkMediaUrl(
			`${String(item.baseUrl)}${downloadSuffix(item, settings.imageSize)}`,
			settings.trustedOrigin,
		);
		if (!target.ok) return { ok: false, failure: refusedUrlFailure(target.problem, 'baseUrl') };
		for (let redirects = 0; ; redirects++) {
			report.mediaRequests++;
			// Its own abort, besides the execution's: how a stalled or oversized body is cut off (bodyGuard.ts).
			const cutOff = new AbortController();
			let response: MediaResponse;
			try {
				response = (await context.helpers.httpRequest({
					method: 'GET',
					url: target.href,
					// A baseUrl needs no Authorization (spec §6): the plain helper sends none.
					// Identity: the HTTP client would unzip a compressed answer but keep its
					// Content-Length, so every complete file would look cut off.
					headers: { 'accept-encoding': 'identity' },
					encoding: 'stream',
					returnFullResponse: true,
					ignoreHttpStatusErrors: true,
					disableFollowRedirect: true,
					timeout: settings.timeoutMs,
					abortSignal: signal ? AbortSignal.any([signal, cutOff.signal]) : cutOff.signal,
				})) as MediaResponse;
			} catch (error) {
				return { ok: false, failure: networkDownloadFailure(describeError(error)) };
			}
			const { statusCode, headers, body } = response;
			if (statusCode === 200) return await store(item, headers, body, () => cutOff.abort());
			body.destroy();
			if (!isRedirect(statusCode)) {
				return { ok: false, failure: failureFromMediaStatus(statusCode, item) };
			}
			const location = locationOf(headers);
			if (location === undefined || redirects >= MAX_REDIRECTS) {
				return { ok: false, failure: tooManyRedirectsFailure() };
			}
			target = checkMediaUrl(
				resolveLocation(location, target.href),
				settings.trustedOrigin,
				'redirect',
			);
			if (!target.ok) return { ok: false, failure: refusedUrlFailure(target.problem, 'redirect') };
		}
	};

	/**
	 * Streams the body into n8n's binary data: in filesystem and S3 mode it is written as it
	 * arrives, so memory does not grow with the file.
	 */
	const store = async (
		item: MediaItem,
		headers: Record<string, unknown>,
		body: ByteStream,
		cutOff: () => void,
	): Promise<Attempt> => {
		const length = contentLengthOf(headers);
		const limit = settings.maxFileBytes;
		if (limit > 0 && length !== undefined && length > limit) {
			body.destroy();
			return { ok: false, failure: tooLargeFailure(length, limit) };
		}
		const mimeType = servedMimeType(headers, item);
		const guard = guardBody(body, { idleMs: settings.timeoutMs, maxBytes: limit }, cutOff);
		let binary: IBinaryData;
		try {
			binary = await context.helpers.prepareBinaryData(body, fileNameFor(item, mimeType), mimeType);
		} catch (error) {
			body.destroy();
			if (guard.cutOffFor === 'size')
				return { ok: false, failure: tooLargeFailure(undefined, limit) };
			const detail =
				guard.cutOffFor === 'stall'
					? `the media host stopped sending for ${settings.timeoutMs} ms in the middle of the file`
					: describeError(error);
			return { ok: false, failure: networkDownloadFailure(detail) };
		} finally {
			guard.release();
		}
		const stored = binary.bytes;
		if (length !== undefined && stored !== undefined && stored !== length) {
			return {
				ok: false,
				failure: networkDownloadFailure(`the body ended after ${stored} of ${length} bytes`),
			};
		}
		if (limit > 0 && stored !== undefined && stored > limit) {
			return { ok: false, failure: tooLargeFailure(stored, limit) };
		}
		return { ok: true, binary };
	};

	const download = async (original: MediaItem): Promise<DownloadOutcome> => {
		let item = original;
		const failed = (failure: DownloadFailure): DownloadOutcome => ({
			ok: false,
			mediaItem: item,
			error: asItemError(failure),
		});
		const blocked = notDownloadable(item);
		if (blocked) return failed(blocked);
		let refreshed = false;
		let transientFailures = 0;
		for (;;) {
			if (quotaExhausted) return failed(quotaExhausted);
			if (signal?.aborted) return failed(networkDownloadFailure('the execution was cancelled'));
			const attempt = await fetchOnce(item);
			if (attempt.ok) return { ok: true, mediaItem: item, binary: attempt.binary };
			const { failure } = attempt;
			if (failure.stopsAllDownloads) quotaExhausted ??= failure;
			if (failure.retry === 'refreshUrl' && !refreshed) {
				// An expired baseUrl: one fresh batchGet for this id, then one more try (spec §6).
				refreshed = true;
				const fresh = await refresher.refresh(item.id);
				if (!fresh.ok) return failed(refreshFailure(fresh.error));
				item = fresh.mediaItem;
				const stillBlocked = notDownloadable(item);
				if (stillBlocked) return failed(stillBlocked);
				continue;
			}
			if (failure.retry !== 'transient') return failed(failure);
			transientFailures++;
			const delay = retryDelayMs({ retry: 'transient' }, transientFailures, settings.retry);
			if (delay === undefined) return failed(failure);
			await sleep(delay);
		}
	};

	await runWithConcurrency(items, settings.concurrency, async (item) => {
		started.add(item.id);
		const current = (await refresher.refreshedAhead(item.id)) ?? item;
		report.outcomes.set(item.id, await download(current));
	});
	report.refreshRequests = refresher.requests;
	return report;
}
