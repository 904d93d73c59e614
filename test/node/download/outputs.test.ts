import type { IBinaryData } from 'n8n-workflow';

import { buildOutputs } from '../../../nodes/GooglePhotos/helpers/outputs';
import type {
	DownloadOutcome,
	IdRequest,
	MediaItemError,
	MediaItemOutcome,
} from '../../../nodes/GooglePhotos/types';

const id = (mediaItemId: string, itemIndex: number): IdRequest => ({
	kind: 'id',
	itemIndex,
	mediaItemId,
});
const found = (mediaItemId: string): MediaItemOutcome => ({
	ok: true,
	mediaItem: { id: mediaItemId, baseUrl: `https://lh3.googleusercontent.com/lr/${mediaItemId}` },
});
const file = (name: string): IBinaryData => ({
	data: 'filesystem-v2',
	id: `filesystem-v2:${name}`,
	mimeType: 'image/jpeg',
	fileName: `${name}.jpg`,
	bytes: 10,
});
const notReady: MediaItemError = {
	code: 0,
	status: 'FAILED_PRECONDITION',
	reason: 'VIDEO_NOT_READY',
	message: 'The video is not ready to download (status PROCESSING).',
	description: 'try later',
	kind: 'download',
};

describe('buildOutputs with downloaded media', () => {
	const requests = [id('a', 0), id('v', 0), id('a', 1), id('gone', 2)];
	const outcomes = new Map<string, MediaItemOutcome>([
		['a', found('a')],
		['v', found('v')],
		[
			'gone',
			{
				ok: false,
				error: {
					code: 3,
					status: 'INVALID_ARGUMENT',
					message: 'Invalid media item ID.',
					description: 'd',
					kind: 'item',
				},
			},
		],
	]);
	const fresh = { id: 'a', baseUrl: 'https://lh3.googleusercontent.com/lr/fresh' };
	const downloads = new Map<string, DownloadOutcome>([
		['a', { ok: true, mediaItem: fresh, binary: file('a') }],
		['v', { ok: false, mediaItem: { id: 'v', mediaMetadata: {} }, error: notReady }],
	]);
	const outputs = buildOutputs(requests, outcomes, { field: 'photo', outcomes: downloads });

	it('gives every occurrence of an id the same stored file, in the chosen field, with the refreshed metadata', () => {
		expect(outputs.mediaItems).toEqual([
			{ json: fresh, binary: { photo: file('a') }, pairedItem: { item: 0 } },
			{ json: fresh, binary: { photo: file('a') }, pairedItem: { item: 1 } },
		]);
		const [first, second] = outputs.mediaItems;
		expect(first.binary?.photo).not.toBe(second.binary?.photo);
		expect(first.binary?.photo.id).toBe(second.binary?.photo.id);
	});

	it('sends a failed download to Errors with the metadata beside the error, paired with its input', () => {
		expect(outputs.errors[0]).toEqual({
			json: { mediaItemId: 'v', mediaItem: { id: 'v', mediaMetadata: {} }, error: notReady },
			pairedItem: { item: 0 },
		});
	});

	it('leaves ids Google did not return as they were', () => {
		expect(outputs.errors[1].json).toMatchObject({ mediaItemId: 'gone', error: { code: 3 } });
		expect(outputs.errors[1].json.mediaItem).toBeUndefined();
	});

	it('keeps input order in the single-output view', () => {
		expect(outputs.inInputOrder.map((item) => item.json.id ?? item.json.mediaItemId)).toEqual([
			'a',
			'v',
			'a',
			'gone',
		]);
	});
});
