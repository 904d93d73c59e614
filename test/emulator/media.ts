import type { IncomingMessage, ServerResponse } from 'node:http';
import { hueToRgb } from './bytes/colour';
import { encodeHeif } from './bytes/heif';
import { encodeJpeg } from './bytes/jpeg';
import { mp4Chunks, MP4_MIN_BYTES } from './bytes/mp4';
import { encodePng } from './bytes/png';
import type { EmulatorContext } from './context';
import { type StoredItem, itemHue } from './library';
import { sendHtml, writeHead } from './respond';
import type { RequestLogEntry } from './types';

/**
 * The baseUrl bytes host (spec §6): `/lr/g{generation}/{mediaKey}` plus Google's `=` options.
 * No Authorization needed; expired URLs answer 403 HTML; 429 means the media quota.
 */

const MAX_DIMENSION = 16383;

export interface MediaOptions {
	download: boolean;
	downloadVideo: boolean;
	width?: number;
	height?: number;
	size?: number;
	crop: boolean;
	/** Suffix present at all (a bare baseUrl has none). */
	sized: boolean;
}

/** `d`, `dv`, `w123`, `h456`, `s512`, `c`, `no` joined by `-`; unknown options are ignored. */
export function parseMediaOptions(suffix: string | undefined): MediaOptions {
	const options: MediaOptions = {
		download: false,
		downloadVideo: false,
		crop: false,
		sized: false,
	};
	if (!suffix) return options;
	for (const token of suffix.split('-')) {
		const number = /^([whs])(\d{1,6})$/.exec(token);
		if (number) {
			const value = Math.min(MAX_DIMENSION, Math.max(1, Number(number[2])));
			if (number[1] === 'w') options.width = value;
			else if (number[1] === 'h') options.height = value;
			else options.size = value;
			options.sized = true;
		} else if (token === 'd') options.download = true;
		else if (token === 'dv') options.downloadVideo = true;
		else if (token === 'c') options.crop = true;
	}
	return options;
}

/** Output dimensions: fit inside the box without upscaling; `-c` crops to the box exactly. */
export function outputSize(
	originalWidth: number,
	originalHeight: number,
	options: MediaOptions,
	bareMax: number,
): [number, number] {
	let { width, height } = options;
	if (options.size !== undefined) {
		width ??= options.size;
		height ??= options.size;
	}
	if (!options.sized) {
		width = bareMax;
		height = bareMax;
	}
	if (options.crop && (width !== undefined || height !== undefined)) {
		const boxW = width ?? height ?? 1;
		const boxH = height ?? width ?? 1;
		const scale = Math.min(1, originalWidth / boxW, originalHeight / boxH);
		return [Math.max(1, Math.round(boxW * scale)), Math.max(1, Math.round(boxH * scale))];
	}
	const scale = Math.min(
		1,
		width !== undefined ? width / originalWidth : Infinity,
		height !== undefined ? height / originalHeight : Infinity,
	);
	return [
		Math.max(1, Math.round(originalWidth * scale)),
		Math.max(1, Math.round(originalHeight * scale)),
	];
}

function exifDateTime(creationTime: string): string {
	return creationTime.slice(0, 19).replace(/-/g, ':').replace('T', ' ');
}

interface RenderedImage {
	contentType: string;
	bytes: Buffer;
}

function renderImage(
	ctx: EmulatorContext,
	stored: StoredItem,
	options: MediaOptions,
): RenderedImage {
	const { seed } = stored;
	const colour = hueToRgb(itemHue(stored));
	const original = options.download && seed.kind === 'photo';
	const [width, height] = original
		? [seed.width, seed.height]
		: outputSize(seed.width, seed.height, options, ctx.guesses.bareBaseUrlMaxDimension);
	// Resized images are JPEG (PNG stays PNG); `=d` returns the original type with Exif minus location.
	const contentType = original || seed.mimeType === 'image/png' ? seed.mimeType : 'image/jpeg';
	const key = `${stored.mediaKey}:${contentType}:${width}x${height}:${original}`;
	const bytes = ctx.images.getOrCreate(key, () => {
		if (contentType === 'image/png') return encodePng(width, height, colour);
		if (contentType === 'image/heic') return encodeHeif(width, height, 4096);
		const exif = original
			? {
					make: seed.photo?.cameraMake,
					model: seed.photo?.cameraModel,
					dateTime: exifDateTime(seed.creationTime),
				}
			: undefined;
		return encodeJpeg(width, height, colour, exif);
	});
	return { contentType, bytes };
}

const MEDIA_HEADERS = {
	'Access-Control-Allow-Origin': '*',
	'Cache-Control': 'public, max-age=86400, no-transform',
	Server: 'fife',
	'X-Content-Type-Options': 'nosniff',
} as const;

/** Sends `prefix`, then keeps the connection open and silent until the client closes it. */
async function hang(ctx: EmulatorContext, res: ServerResponse, prefix: Uint8Array): Promise<void> {
	if (prefix.length > 0) {
		ctx.counters.bytesServed += prefix.length;
		res.write(prefix);
	}
	if (!res.destroyed) await new Promise<void>((resolve) => res.once('close', resolve));
}

async function streamVideo(
	ctx: EmulatorContext,
	res: ServerResponse,
	entry: RequestLogEntry,
	stored: StoredItem,
	headOnly: boolean,
): Promise<void> {
	const total = Math.max(MP4_MIN_BYTES, stored.seed.videoBytes ?? 1_000_000);
	writeHead(res, entry, 200, {
		...MEDIA_HEADERS,
		'Content-Type': 'video/mp4',
		'Content-Length': total,
		'Content-Disposition': `attachment; filename="${stored.seed.filename.replace(/"/g, '')}"`,
	});
	if (headOnly) return void res.end();
	const stall = ctx.faults.takeMediaStall();
	let sent = 0;
	for (const chunk of mp4Chunks(total)) {
		if (res.destroyed) return;
		if (stall && sent + chunk.length > stall.afterBytes) {
			return hang(ctx, res, chunk.subarray(0, stall.afterBytes - sent));
		}
		sent += chunk.length;
		ctx.counters.bytesServed += chunk.length;
		if (!res.write(chunk)) {
			await new Promise<void>((resolve) => {
				const done = (): void => {
					res.off('drain', done);
					res.off('close', done);
					resolve();
				};
				res.on('drain', done);
				res.on('close', done);
			});
		}
	}
	res.end();
}

const MEDIA_PATH = /^\/lr\/g(\d{1,15})\/([A-Za-z0-9_-]{1,200})(?:=(.*))?$/;

export async function handleMedia(
	ctx: EmulatorContext,
	req: IncomingMessage,
	res: ServerResponse,
	entry: RequestLogEntry,
): Promise<void> {
	ctx.counters.mediaRequests++;
	if (req.method !== 'GET' && req.method !== 'HEAD')
		return sendHtml(res, entry, 405, { Allow: 'GET, HEAD' });
	if (ctx.faults.takeMediaRateLimit()) return sendHtml(res, entry, 429);
	const match = MEDIA_PATH.exec(entry.path);
	if (!match) return sendHtml(res, entry, 404);
	if (!ctx.clock.isAlive(Number(match[1]), Date.now())) return sendHtml(res, entry, 403);
	const stored = ctx.library.byKey(match[2]);
	if (!stored) return sendHtml(res, entry, 404);
	const options = parseMediaOptions(match[3]);
	const headOnly = req.method === 'HEAD';
	if (options.downloadVideo) {
		if (stored.seed.kind !== 'video') return sendHtml(res, entry, 404);
		if (stored.seed.video?.status !== 'READY')
			return sendHtml(res, entry, ctx.guesses.videoNotReadyStatus);
		return streamVideo(ctx, res, entry, stored, headOnly);
	}
	const image = renderImage(ctx, stored, options);
	const headers: Record<string, string | number> = {
		...MEDIA_HEADERS,
		'Content-Type': image.contentType,
		'Content-Length': image.bytes.length,
	};
	if (options.download && stored.seed.kind === 'photo') {
		headers['Content-Disposition'] =
			`attachment; filename="${stored.seed.filename.replace(/"/g, '')}"`;
	}
	writeHead(res, entry, 200, headers);
	if (headOnly) return void res.end();
	const stall = ctx.faults.takeMediaStall();
	if (stall) return hang(ctx, res, image.bytes.subarray(0, stall.afterBytes));
	ctx.counters.bytesServed += image.bytes.length;
	res.end(image.bytes);
}
