import {
	checkMediaUrl,
	contentLengthOf,
	downloadSuffix,
	failureFromMediaStatus,
	fileNameFor,
	notDownloadable,
	originOf,
	servedMimeType,
} from '../../../nodes/GooglePhotos/helpers/mediaDownload';
import type { MediaItem } from '../../../nodes/GooglePhotos/types';

const photo = (fields: Partial<MediaItem> = {}): MediaItem => ({
	id: 'PHOTO1',
	baseUrl: 'https://lh3.googleusercontent.com/lr/AAJ1LKabc',
	mimeType: 'image/jpeg',
	filename: 'IMG_20240612_143012.jpg',
	mediaMetadata: { width: '4032', height: '3024', photo: {} },
	...fields,
});

const video = (status?: string, fields: Partial<MediaItem> = {}): MediaItem => ({
	id: 'VIDEO1',
	baseUrl: 'https://lh3.googleusercontent.com/lr/AAJ1LKvid',
	mimeType: 'video/mp4',
	filename: 'VID_20240612_143012.mp4',
	mediaMetadata: { width: '1920', height: '1080', video: status ? { status } : {} },
	...fields,
});

const EMULATOR = 'http://127.0.0.1:38211';

describe('downloadSuffix', () => {
	it('asks for the original photo with =d', () => {
		expect(downloadSuffix(photo(), { kind: 'original' })).toBe('=d');
	});

	it('fits a photo in a box with =wW-hH and crops it with -c', () => {
		expect(downloadSuffix(photo(), { kind: 'fit', maxWidth: 640, maxHeight: 480 })).toBe(
			'=w640-h480',
		);
		expect(downloadSuffix(photo(), { kind: 'crop', maxWidth: 300, maxHeight: 200 })).toBe(
			'=w300-h200-c',
		);
	});

	it('always downloads a video with =dv, whatever the image size', () => {
		for (const size of [
			{ kind: 'original' as const },
			{ kind: 'fit' as const, maxWidth: 10, maxHeight: 10 },
		]) {
			expect(downloadSuffix(video('READY'), size)).toBe('=dv');
		}
	});

	it('treats a video MIME type without video metadata as a video', () => {
		expect(downloadSuffix(photo({ mimeType: 'video/quicktime' }), { kind: 'original' })).toBe(
			'=dv',
		);
	});

	it('downloads a motion photo (photo metadata, image MIME type) as its still image', () => {
		expect(downloadSuffix(photo({ mimeType: 'image/jpeg' }), { kind: 'original' })).toBe('=d');
	});
});

describe('checkMediaUrl: only Google media hosts or the credential’s own origin', () => {
	it.each([
		'https://lh3.googleusercontent.com/lr/AAJ1LK=d',
		'https://lh6.googleusercontent.com/lr/AAJ1LK=w100-h100-c',
		'https://video-downloads.googleusercontent.com/abc',
		'HTTPS://LH3.GoogleUserContent.COM/lr/x',
	])('accepts %s', (url) => {
		expect(checkMediaUrl(url, undefined)).toMatchObject({ ok: true });
	});

	it.each([
		['cloud metadata over http', 'http://169.254.169.254/latest/meta-data/'],
		['cloud metadata over https', 'https://169.254.169.254/latest/meta-data/'],
		['a look-alike host', 'https://lh3.googleusercontent.com.evil.com/lr/x'],
		['a user-info trick', 'https://lh3.googleusercontent.com@evil.com/lr/x'],
		['a user-info trick with password', 'https://a:b@lh3.googleusercontent.com/lr/x'],
		['a backslash trick', 'https://evil.com\\@lh3.googleusercontent.com/lr/x'],
		['plain http to Google', 'http://lh3.googleusercontent.com/lr/x'],
		['another port', 'https://lh3.googleusercontent.com:8443/lr/x'],
		['the bare domain', 'https://googleusercontent.com/lr/x'],
		['a suffix match without a dot', 'https://evilgoogleusercontent.com/lr/x'],
		['a trailing-dot host', 'https://lh3.googleusercontent.com./lr/x'],
		['file:', 'file:///etc/passwd'],
		['ftp:', 'ftp://lh3.googleusercontent.com/x'],
		['data:', 'data:text/plain,hello'],
		['javascript:', 'javascript:alert(1)'],
		['gopher:', 'gopher://127.0.0.1:6379/_INFO'],
		['loopback', 'http://127.0.0.1:6379/'],
		['googlevideo as a first hop', 'https://r1---sn-abc.googlevideo.com/videoplayback'],
		['not a URL', 'lh3.googleusercontent.com/lr/x'],
	])('refuses %s', (_what, url) => {
		expect(checkMediaUrl(url, undefined)).toMatchObject({ ok: false });
	});

	it('accepts the credential’s origin (the emulator serves media there) and nothing else local', () => {
		expect(checkMediaUrl(`${EMULATOR}/lr/g1/AAJ1LK=d`, EMULATOR)).toMatchObject({ ok: true });
		expect(checkMediaUrl('http://127.0.0.1:38212/lr/g1/AAJ1LK=d', EMULATOR)).toMatchObject({
			ok: false,
		});
		expect(checkMediaUrl('http://localhost:38211/lr/g1/x', EMULATOR)).toMatchObject({ ok: false });
		expect(checkMediaUrl(`http://user@127.0.0.1:38211/lr/x`, EMULATOR)).toMatchObject({
			ok: false,
		});
	});

	it('follows a redirect to googlevideo.com, but only over https', () => {
		expect(
			checkMediaUrl('https://r1---sn-abc.googlevideo.com/videoplayback', undefined, 'redirect'),
		).toMatchObject({ ok: true });
		expect(
			checkMediaUrl('http://r1---sn-abc.googlevideo.com/videoplayback', undefined, 'redirect'),
		).toMatchObject({ ok: false });
	});

	it('returns the normalised URL, which is what gets fetched', () => {
		expect(checkMediaUrl('HTTPS://LH3.GoogleUserContent.COM/lr/x=d', undefined)).toEqual({
			ok: true,
			href: 'https://lh3.googleusercontent.com/lr/x=d',
		});
	});

	it('takes the origin of the credential’s API origin', () => {
		expect(originOf('http://127.0.0.1:38211/')).toBe(EMULATOR);
		expect(originOf('https://photoslibrary.googleapis.com')).toBe(
			'https://photoslibrary.googleapis.com',
		);
		expect(originOf('not a url')).toBeUndefined();
	});
});

describe('notDownloadable', () => {
	it('lets photos and READY videos through', () => {
		expect(notDownloadable(photo())).toBeUndefined();
		expect(notDownloadable(video('READY'))).toBeUndefined();
	});

	it('says a PROCESSING video is still processing and to try later', () => {
		expect(notDownloadable(video('PROCESSING'))).toMatchObject({
			kind: 'download',
			reason: 'VIDEO_NOT_READY',
			description: expect.stringMatching(/still processing this video — try later/),
		});
	});

	it.each(['FAILED', 'UNSPECIFIED', undefined])('refuses a video whose status is %s', (status) => {
		expect(notDownloadable(video(status))).toMatchObject({ reason: 'VIDEO_NOT_READY' });
	});

	it('refuses an item without a baseUrl', () => {
		expect(notDownloadable(photo({ baseUrl: undefined }))).toMatchObject({
			reason: 'NO_BASE_URL',
		});
	});
});

describe('failureFromMediaStatus', () => {
	it('reads 403 as an expired baseUrl worth one refresh', () => {
		expect(failureFromMediaStatus(403, photo())).toMatchObject({
			code: 403,
			retry: 'refreshUrl',
			reason: 'BASE_URL_EXPIRED',
		});
	});

	it('reads 429 as the daily media quota: never retried, stops further downloads', () => {
		const failure = failureFromMediaStatus(429, photo(), new Date('2025-06-01T12:00:00Z'));
		expect(failure).toMatchObject({
			code: 429,
			status: 'RESOURCE_EXHAUSTED',
			reason: 'MEDIA_QUOTA_EXCEEDED',
			retry: 'never',
			stopsAllDownloads: true,
		});
		expect(failure.description).toContain('75,000 media downloads per day');
		expect(failure.description).toContain('2025-06-02T07:00:00.000Z');
	});

	it('reads 404 as gone, never retried', () => {
		expect(failureFromMediaStatus(404, photo())).toMatchObject({
			status: 'NOT_FOUND',
			retry: 'never',
		});
	});

	it('retries 5xx with back-off', () => {
		expect(failureFromMediaStatus(503, photo())).toMatchObject({ retry: 'transient' });
		expect(failureFromMediaStatus(500, photo())).toMatchObject({ retry: 'transient' });
	});
});

describe('file name and MIME type', () => {
	it('keeps Google’s filename when the bytes are of the item’s type', () => {
		expect(fileNameFor(photo(), 'image/jpeg')).toBe('IMG_20240612_143012.jpg');
		expect(
			fileNameFor(photo({ filename: 'IMG_1234.HEIC', mimeType: 'image/heic' }), 'image/heic'),
		).toBe('IMG_1234.HEIC');
	});

	it('follows the bytes when Google serves another type (resized HEIC, .MOV as MP4)', () => {
		expect(
			fileNameFor(photo({ filename: 'IMG_1234.HEIC', mimeType: 'image/heic' }), 'image/jpeg'),
		).toBe('IMG_1234.jpg');
		expect(
			fileNameFor(
				video('READY', { filename: 'IMG_0001.MOV', mimeType: 'video/quicktime' }),
				'video/mp4',
			),
		).toBe('IMG_0001.mp4');
	});

	it('never lets a filename name a directory', () => {
		expect(fileNameFor(photo({ filename: '../../etc/passwd' }), 'image/jpeg')).toBe(
			'.._.._etc_passwd',
		);
		expect(fileNameFor(photo({ filename: 'a\\b\u0000c.jpg' }), 'image/jpeg')).toBe('a_b_c.jpg');
		expect(fileNameFor(photo({ filename: '' }), 'image/jpeg')).toBe('PHOTO1');
		expect(fileNameFor(photo({ filename: '..' }), 'image/jpeg')).toBe('PHOTO1');
	});

	it('takes the served Content-Type, falling back to the item’s MIME type', () => {
		expect(servedMimeType({ 'content-type': 'image/png; charset=binary' }, photo())).toBe(
			'image/png',
		);
		expect(servedMimeType({ 'content-type': 'text/html' }, photo())).toBe('image/jpeg');
		expect(servedMimeType({}, video('READY'))).toBe('video/mp4');
	});

	it('reads Content-Length only when it is a plain number', () => {
		expect(contentLengthOf({ 'content-length': '1234' })).toBe(1234);
		expect(contentLengthOf({ 'content-length': 'abc' })).toBeUndefined();
		expect(contentLengthOf({})).toBeUndefined();
	});
});
