import type { IDataObject } from 'n8n-workflow';

import type { MediaItem, MediaItemError } from '../types';
import { nextPacificMidnight } from './pacificMidnight';

/**
 * Pure rules for fetching a media item's bytes from its baseUrl (spec §6): which suffix to ask
 * for, which URLs may be fetched at all, what to call the file, and what each answer of the media
 * host means. The HTTP itself lives in transport/downloadMedia.ts.
 */

/** What to download for a photo; videos always use `=dv`. */
export type ImageSize =
	{ kind: 'original' } | { kind: 'fit' | 'crop'; maxWidth: number; maxHeight: number };

/** Largest edge the node asks Google for (the emulator's limit too). */
export const MAX_IMAGE_DIMENSION = 16383;

function metadataOf(item: MediaItem): IDataObject {
	const metadata = item.mediaMetadata;
	return typeof metadata === 'object' && metadata !== null && !Array.isArray(metadata)
		? (metadata as IDataObject)
		: {};
}

/** Exactly one of `photo` / `video` is present (spec §2); the MIME type is the fallback. */
export function isVideo(item: MediaItem): boolean {
	const { video } = metadataOf(item);
	if (typeof video === 'object' && video !== null) return true;
	return typeof item.mimeType === 'string' && item.mimeType.startsWith('video/');
}

/**
 * The baseUrl options (spec §6): `=dv` downloads a video (a transcode), `=d` a photo's original
 * bytes (Exif minus location), `=wW-hH` fits a photo in a box, `-c` crops it to the box. A motion
 * photo is a photo: `=d` gives its still image (its `=dv` would give the video part).
 */
export function downloadSuffix(item: MediaItem, size: ImageSize): string {
	if (isVideo(item)) return '=dv';
	if (size.kind === 'original') return '=d';
	const box = `=w${size.maxWidth}-h${size.maxHeight}`;
	return size.kind === 'crop' ? `${box}-c` : box;
}

/** A failure to get a media item's bytes; `retry` says what may still help. */
export interface DownloadFailure extends MediaItemError {
	kind: 'download';
	/**
	 * `refreshUrl`: the baseUrl expired, a fresh one from batchGet may work; `transient`: retry
	 * with back-off; `never`: retrying cannot help.
	 */
	retry: 'refreshUrl' | 'transient' | 'never';
	/** Every other download would fail the same way (the daily media quota). */
	stopsAllDownloads: boolean;
}

type FailureFields = Pick<MediaItemError, 'code' | 'status' | 'message' | 'description'> &
	Partial<Pick<DownloadFailure, 'httpCode' | 'reason' | 'retry' | 'stopsAllDownloads'>>;

function downloadFailure(fields: FailureFields): DownloadFailure {
	return { kind: 'download', retry: 'never', stopsAllDownloads: false, ...fields };
}

/** The error as it appears in an output item: the retry bookkeeping stays inside the node. */
export function asItemError(failure: DownloadFailure): MediaItemError {
	const { retry: _retry, stopsAllDownloads: _stops, ...error } = failure;
	return error;
}

const NOT_READY_EXPLANATIONS: Record<string, string> = {
	PROCESSING:
		'Google is still processing this video — try later. Videos can be downloaded once their mediaMetadata.video.status is READY, usually minutes after the upload.',
	FAILED: 'Google could not process this video, so it cannot be downloaded. Upload the file again.',
};

/** Reasons not to request any bytes: no baseUrl, or a video Google has not finished (spec §6). */
export function notDownloadable(item: MediaItem): DownloadFailure | undefined {
	if (typeof item.baseUrl !== 'string' || item.baseUrl === '') {
		return downloadFailure({
			code: 0,
			status: 'FAILED_PRECONDITION',
			reason: 'NO_BASE_URL',
			message: 'Google returned this media item without a baseUrl.',
			description: 'There is nothing to download. Run again later; if it persists, report it.',
		});
	}
	if (!isVideo(item)) return undefined;
	const { video } = metadataOf(item);
	const status = (video as IDataObject | undefined)?.status;
	if (status === 'READY') return undefined;
	const named = typeof status === 'string' ? status : 'missing';
	return downloadFailure({
		code: 0,
		status: 'FAILED_PRECONDITION',
		reason: 'VIDEO_NOT_READY',
		message: `The video is not ready to download (status ${named}).`,
		description:
			NOT_READY_EXPLANATIONS[named] ??
			'Google only serves a video once its mediaMetadata.video.status is READY — try later.',
	});
}

/** Google's media hosts: `lh3.googleusercontent.com` and its siblings (spec §6). */
const GOOGLE_MEDIA_HOST = /^(?:[a-z0-9-]+\.)+googleusercontent\.com$/;
/**
 * Where a media host may redirect a download. Google's video downloads have been seen to go
 * through `*.googlevideo.com` [guess: not in the spec]; never a first hop.
 */
const GOOGLE_VIDEO_HOST = /^(?:[a-z0-9-]+\.)+googlevideo\.com$/;

export type CheckedUrl = { ok: true; href: string } | { ok: false; problem: string };

/**
 * The only URLs the node fetches bytes from: https on a Google media host (default port, no user
 * name or password), or the origin of the credential's API origin — the emulator serves media
 * there. Anything else (another host, a look-alike such as `googleusercontent.com.evil.com`,
 * `user@host` tricks, other schemes, link-local addresses) is refused: a baseUrl comes from an
 * answer the node does not control, so it must not become a way to reach internal services.
 * Returns the URL as parsed, which is what must be fetched.
 */
export function checkMediaUrl(
	url: string,
	trustedOrigin: string | undefined,
	hop: 'baseUrl' | 'redirect' = 'baseUrl',
): CheckedUrl {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return { ok: false, problem: 'it is not a valid URL' };
	}
	if (parsed.username !== '' || parsed.password !== '') {
		return { ok: false, problem: 'it carries a user name or password' };
	}
	if (trustedOrigin !== undefined && parsed.origin === trustedOrigin) {
		return { ok: true, href: parsed.href };
	}
	if (parsed.protocol !== 'https:') {
		return { ok: false, problem: `it uses ${parsed.protocol.replace(/:$/, '')}, not https` };
	}
	if (parsed.port !== '') return { ok: false, problem: `it names port ${parsed.port}` };
	const host = parsed.hostname;
	const allowed =
		GOOGLE_MEDIA_HOST.test(host) || (hop === 'redirect' && GOOGLE_VIDEO_HOST.test(host));
	if (!allowed) return { ok: false, problem: `${host} is not one of Google's media hosts` };
	return { ok: true, href: parsed.href };
}

/** The origin of the credential's API origin, or undefined when it is not a URL. */
export function originOf(apiOrigin: string): string | undefined {
	try {
		const { origin } = new URL(apiOrigin);
		return origin === 'null' ? undefined : origin;
	} catch {
		return undefined;
	}
}

export function refusedUrlFailure(problem: string, hop: 'baseUrl' | 'redirect'): DownloadFailure {
	return downloadFailure({
		code: 0,
		status: 'PERMISSION_DENIED',
		reason: 'URL_NOT_ALLOWED',
		message:
			hop === 'baseUrl'
				? `The node refused to download from this media item's baseUrl: ${problem}.`
				: `The media host redirected the download to a URL the node refuses: ${problem}.`,
		description:
			"The node only downloads over https from Google's media hosts (*.googleusercontent.com) or from the API origin stored in the credential. Nothing was fetched.",
	});
}

function describeReset(now: Date): string {
	const reset = nextPacificMidnight(now);
	const minutes = Math.ceil((reset.getTime() - now.getTime()) / 60_000);
	return `${reset.toISOString()} (midnight Pacific time, in ${Math.floor(minutes / 60)} h ${minutes % 60} min)`;
}

/**
 * What a non-2xx, non-redirect answer of the media host means (spec §6): 403 an expired baseUrl
 * (Google answers it with an HTML page), 429 the daily media quota, 404 bytes that are gone.
 */
export function failureFromMediaStatus(
	statusCode: number,
	item: MediaItem,
	now = new Date(),
): DownloadFailure {
	const common = { code: statusCode, httpCode: statusCode };
	if (statusCode === 403) {
		return downloadFailure({
			...common,
			status: 'PERMISSION_DENIED',
			reason: 'BASE_URL_EXPIRED',
			message: "Google's media host refused the baseUrl (HTTP 403).",
			description:
				'baseUrls expire about 60 minutes after batchGet returns them, sometimes after 30. The node fetched a fresh one once and was refused again, so the item may no longer be readable by this app.',
			retry: 'refreshUrl',
		});
	}
	if (statusCode === 429) {
		return downloadFailure({
			...common,
			status: 'RESOURCE_EXHAUSTED',
			reason: 'MEDIA_QUOTA_EXCEEDED',
			message: "Google's media host answered 429: the project's media download quota is used up.",
			description: `Google allows 75,000 media downloads per day per Google Cloud project (every baseUrl fetch counts, separately from the 10,000 API requests). It resets at ${describeReset(now)}. The node started no further downloads in this run.`,
			stopsAllDownloads: true,
		});
	}
	if (statusCode === 404) {
		return downloadFailure({
			...common,
			status: 'NOT_FOUND',
			reason: 'MEDIA_NOT_FOUND',
			message: "Google's media host has no bytes for this media item (HTTP 404).",
			description: isVideo(item)
				? 'Google serves a video only once it has processed it: if it was uploaded recently, try later. Otherwise it was deleted.'
				: 'The media item was probably deleted after batchGet returned it.',
		});
	}
	if (statusCode >= 500 || statusCode === 408) {
		return downloadFailure({
			...common,
			status: statusCode === 503 ? 'UNAVAILABLE' : 'INTERNAL',
			reason: 'MEDIA_HOST_ERROR',
			message: `Google's media host answered HTTP ${statusCode}.`,
			description: 'A temporary problem at Google; the download was retried with back-off.',
			retry: 'transient',
		});
	}
	return downloadFailure({
		...common,
		status: 'UNKNOWN',
		reason: 'MEDIA_HOST_ERROR',
		message: `Google's media host answered HTTP ${statusCode}.`,
		description: 'The download was refused. Check that the media item still exists and run again.',
	});
}

/** No usable answer: connection refused or reset, timeout, a body cut off. Retried. */
export function networkDownloadFailure(detail: string): DownloadFailure {
	return downloadFailure({
		code: 503,
		status: 'UNAVAILABLE',
		reason: 'NETWORK',
		message: `The download failed: ${detail}.`,
		description:
			'The connection failed, timed out or was cut off before all bytes arrived. It was retried with back-off; run again later.',
		retry: 'transient',
	});
}

export function tooManyRedirectsFailure(): DownloadFailure {
	return downloadFailure({
		code: 0,
		status: 'ABORTED',
		reason: 'TOO_MANY_REDIRECTS',
		message: 'The media host redirected the download too many times.',
		description: 'Nothing was stored. Run again later; if it persists, report it.',
	});
}

/** `bytes` undefined: the download was cut off once it passed the limit (no Content-Length). */
export function tooLargeFailure(bytes: number | undefined, limitBytes: number): DownloadFailure {
	const size = bytes === undefined ? 'The file is larger' : `The file has ${bytes} bytes, more`;
	return downloadFailure({
		code: 0,
		status: 'OUT_OF_RANGE',
		reason: 'FILE_TOO_LARGE',
		message: `${size} than the Max File Size option allows (${limitBytes} bytes).`,
		description:
			'Raise Max File Size (0 = no limit) if your n8n stores binary data on disk or in S3. Keep it when n8n holds binary data in memory or in the database (queue mode), which buffer the whole file.',
	});
}

/** The refresh that an expired baseUrl triggers failed: the error of that batchGet, for this id. */
export function refreshFailure(error: MediaItemError): DownloadFailure {
	return downloadFailure({
		code: error.code,
		status: error.status,
		httpCode: error.httpCode,
		reason: error.reason ?? 'REFRESH_FAILED',
		message: `The baseUrl had expired and getting a fresh one failed: ${error.message}`,
		description: error.description,
	});
}

/** `Content-Length`, when present and a plain number. */
export function contentLengthOf(headers: Record<string, unknown>): number | undefined {
	const raw = headers['content-length'];
	const value = Array.isArray(raw) ? raw[0] : raw;
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	const length = Number(value);
	return Number.isSafeInteger(length) && length >= 0 ? length : undefined;
}

export function isRedirect(statusCode: number): boolean {
	return [301, 302, 303, 307, 308].includes(statusCode);
}

export function locationOf(headers: Record<string, unknown>): string | undefined {
	const raw = headers.location;
	const value = Array.isArray(raw) ? raw[0] : raw;
	return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The served type (resized photos are JPEG, `=dv` an MP4), else what Google says the item is. */
export function servedMimeType(headers: Record<string, unknown>, item: MediaItem): string {
	const raw = headers['content-type'];
	const header = typeof raw === 'string' ? raw.split(';')[0].trim().toLowerCase() : '';
	if (/^(image|video)\/[a-z0-9.+-]+$/.test(header)) return header;
	if (typeof item.mimeType === 'string' && item.mimeType !== '') return item.mimeType;
	return 'application/octet-stream';
}

const EXTENSIONS: Record<string, string> = {
	'image/jpeg': 'jpg',
	'image/png': 'png',
	'image/gif': 'gif',
	'image/webp': 'webp',
	'image/heic': 'heic',
	'image/heif': 'heif',
	'image/avif': 'avif',
	'image/bmp': 'bmp',
	'image/tiff': 'tif',
	'video/mp4': 'mp4',
	'video/quicktime': 'mov',
	'video/webm': 'webm',
	'video/3gpp': '3gp',
};

/**
 * Google's filename, made safe as a single path segment. When the served bytes are of another
 * type than the item (a resized HEIC is JPEG, a `.MOV` downloads as MP4) the extension follows the
 * bytes, so that whatever receives the file opens it correctly.
 */
export function fileNameFor(item: MediaItem, mimeType: string): string {
	const google = typeof item.filename === 'string' ? item.filename : '';
	const safe = google.replace(/[\u0000-\u001f\u007f/\\]/g, '_').trim();
	const name = safe === '' || safe === '.' || safe === '..' ? item.id : safe;
	const extension = EXTENSIONS[mimeType];
	if (!extension || mimeType === item.mimeType) return name;
	const dot = name.lastIndexOf('.');
	const stem = dot > 0 ? name.slice(0, dot) : name;
	return `${stem}.${extension}`;
}
