import {
	NodeApiError,
	NodeConnectionTypes,
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type JsonObject,
} from 'n8n-workflow';

import { planBatches } from '../../helpers/batchPlan';
import { readJsonPath, simpleJsonPath } from '../../helpers/jsonPathExpression';
import { idRequestsFromValue } from '../../helpers/mediaItemIds';
import { MAX_IMAGE_DIMENSION, originOf, type ImageSize } from '../../helpers/mediaDownload';
import { firstRequestFailure } from '../../helpers/outcomes';
import { buildOutputs } from '../../helpers/outputs';
import { credentialTypeFor } from '../../transport/credentialTypes';
import { GOOGLE_PHOTOS_API_ORIGIN, MAX_IDS_PER_BATCH_GET } from '../../transport/endpoints';
import { downloadMediaItems, type DownloadSettings } from '../../transport/downloadMedia';
import { fetchMediaItems, type FetchSettings } from '../../transport/fetchMediaItems';
import { DEFAULT_RETRY_POLICY } from '../../transport/retryPolicy';
import type { IdRequest } from '../../types';

const properties: INodeProperties[] = [
	{
		displayName: 'Media Item IDs',
		name: 'mediaItemIds',
		type: 'string',
		default: '={{ $json.id }}',
		required: true,
		placeholder: 'e.g. AOTPd3s…',
		description:
			'The media item ID to get for each input item: one ID, several separated by commas, spaces or new lines, or an array of IDs. Each distinct ID is requested once, in batches of up to 50.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Batch Size',
				name: 'batchSize',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: MAX_IDS_PER_BATCH_GET },
				default: 50,
				description:
					'How many distinct IDs to send in one request. Google allows up to 50; every request counts against the daily quota of 10,000.',
			},
			{
				displayName: 'Concurrency',
				name: 'concurrency',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 10 },
				default: 4,
				description: 'How many requests to send to Google at the same time',
			},
			{
				displayName: 'Download Media',
				name: 'downloadMedia',
				type: 'boolean',
				default: false,
				description:
					"Whether to download each media item's file into the item's binary data: photos in their original size or resized, videos as Google's MP4 download. Each distinct ID is downloaded once.",
			},
			{
				displayName: 'Image Size',
				name: 'imageSize',
				type: 'options',
				displayOptions: { show: { downloadMedia: [true] } },
				options: [
					{
						name: 'Original',
						value: 'original',
						description: 'The original file, with its Exif data minus the location',
					},
					{
						name: 'Resize and Crop',
						value: 'crop',
						description: 'Exactly Max Width × Max Height (never enlarged), cropped to fit',
					},
					{
						name: 'Resize to Fit',
						value: 'fit',
						description:
							'Scaled down to fit within Max Width × Max Height, keeping the aspect ratio',
					},
				],
				default: 'original',
				description:
					'Which file to download for photos. Videos are always downloaded whole; for a motion photo this is its still image.',
			},
			{
				displayName: 'Isolate Failing IDs',
				name: 'splitFailingBatches',
				type: 'boolean',
				default: true,
				description:
					'Whether to split a request that keeps failing with a server error into smaller ones, so that one bad ID does not fail the other IDs of its batch',
			},
			{
				displayName: 'Max File Size (MB)',
				name: 'maxFileSizeMb',
				type: 'number',
				typeOptions: { minValue: 0 },
				displayOptions: { show: { downloadMedia: [true] } },
				default: 0,
				description:
					'Send files larger than this many MB (of 1,048,576 bytes) to Errors instead of downloading them; 0 means no limit. Set it when n8n keeps binary data in memory or in the database (queue mode), which hold a whole file in memory.',
			},
			{
				displayName: 'Max Height',
				name: 'maxHeight',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: MAX_IMAGE_DIMENSION },
				displayOptions: { show: { downloadMedia: [true], imageSize: ['fit', 'crop'] } },
				default: 2048,
				description: 'Height in pixels of the box that resized photos fit in or are cropped to',
			},
			{
				displayName: 'Max Width',
				name: 'maxWidth',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: MAX_IMAGE_DIMENSION },
				displayOptions: { show: { downloadMedia: [true], imageSize: ['fit', 'crop'] } },
				default: 2048,
				description: 'Width in pixels of the box that resized photos fit in or are cropped to',
			},
			{
				displayName: 'Put Output File in Field',
				name: 'binaryPropertyName',
				type: 'string',
				displayOptions: { show: { downloadMedia: [true] } },
				default: 'data',
				hint: 'The name of the output binary field to put the file in',
			},
			{
				displayName: 'Rate Limit Delay (Ms)',
				name: 'rateLimitDelayMs',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 30000,
				description:
					'Wait before retrying after Google reports too many requests per minute, unless Google says how long to wait. Google asks for at least 30 seconds.',
			},
			{
				displayName: 'Retry Attempts',
				name: 'maxAttempts',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 10 },
				default: 4,
				description:
					'How many times to try a request that fails with a temporary error (server error, per-minute rate limit, lost connection), the first attempt included. Daily quota and permission errors are never retried.',
			},
			{
				displayName: 'Retry Delay (Ms)',
				name: 'initialDelayMs',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 1000,
				description:
					'Wait before the first retry of a temporary error; it doubles with each further retry. Google asks for at least 1 second.',
			},
			{
				displayName: 'Timeout (Ms)',
				name: 'timeoutMs',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 30000,
				description:
					'How long a request may wait for Google to send anything before it is treated as failed (and retried); for downloads, also the longest pause allowed in the middle of a file. A slow answer that keeps arriving is not cut off.',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['mediaItem'], operation: ['batchGet'] } },
	properties,
);

interface BatchGetOptions {
	batchSize?: number;
	concurrency?: number;
	splitFailingBatches?: boolean;
	maxAttempts?: number;
	initialDelayMs?: number;
	rateLimitDelayMs?: number;
	timeoutMs?: number;
	downloadMedia?: boolean;
	binaryPropertyName?: string;
	imageSize?: 'original' | 'fit' | 'crop';
	maxWidth?: number;
	maxHeight?: number;
	maxFileSizeMb?: number;
}

/** A number option, also when an expression hands it over as text ("7"). */
function clamp(value: unknown, min: number, max: number, fallback: number): number {
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	if (typeof number !== 'number' || !Number.isFinite(number)) return fallback;
	return Math.min(max, Math.max(min, Math.floor(number)));
}

function imageSizeFrom(options: BatchGetOptions): ImageSize {
	const { imageSize } = options;
	if (imageSize !== 'fit' && imageSize !== 'crop') return { kind: 'original' };
	return {
		kind: imageSize,
		maxWidth: clamp(options.maxWidth, 1, MAX_IMAGE_DIMENSION, 2048),
		maxHeight: clamp(options.maxHeight, 1, MAX_IMAGE_DIMENSION, 2048),
	};
}

/** "Download Media": the same concurrency, timeout and retries as the API requests. */
function downloadSettingsFrom(options: BatchGetOptions, api: FetchSettings): DownloadSettings {
	return {
		imageSize: imageSizeFrom(options),
		concurrency: api.concurrency,
		timeoutMs: api.timeoutMs,
		retry: api.retry,
		maxFileBytes: clamp(options.maxFileSizeMb, 0, Number.MAX_SAFE_INTEGER, 0) * 1024 * 1024,
		trustedOrigin: originOf(api.apiOrigin),
		refresh: api,
	};
}

/** Reads the ids of every input item; an expression that throws becomes an Errors entry. */
function collectIdRequests(context: IExecuteFunctions, items: INodeExecutionData[]): IdRequest[] {
	const fieldPath = simpleJsonPath(
		context.getNodeParameter('mediaItemIds', 0, undefined, { rawExpressions: true }),
	);
	return items.flatMap((item, itemIndex) => {
		const direct = fieldPath ? readJsonPath(item.json, fieldPath) : undefined;
		if (direct?.resolved) return idRequestsFromValue(direct.value, itemIndex);
		let value: unknown;
		try {
			value = context.getNodeParameter('mediaItemIds', itemIndex);
		} catch (error) {
			const reason = error instanceof Error ? error.message : String(error);
			return [
				{
					kind: 'invalid',
					itemIndex,
					mediaItemId: null,
					value: null,
					problem: `The "Media Item IDs" expression failed: ${reason}`,
				},
			];
		}
		return idRequestsFromValue(value, itemIndex);
	});
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[][]> {
	const options = this.getNodeParameter('options', 0, {}) as BatchGetOptions;
	const credentialType = credentialTypeFor(this.getNodeParameter('authentication', 0, 'oAuth2'));
	const credentials = await this.getCredentials<{ apiOrigin?: string }>(credentialType);
	const continueOnFail = this.continueOnFail();

	const requests = collectIdRequests(this, items);
	const plan = planBatches(
		requests,
		clamp(options.batchSize, 1, MAX_IDS_PER_BATCH_GET, MAX_IDS_PER_BATCH_GET),
	);
	const fetchSettings: FetchSettings = {
		credentialType,
		apiOrigin: credentials.apiOrigin || GOOGLE_PHOTOS_API_ORIGIN,
		timeoutMs: clamp(options.timeoutMs, 1, 10 * 60_000, 30_000),
		concurrency: clamp(options.concurrency, 1, 10, 4),
		splitFailingBatches: options.splitFailingBatches ?? true,
		stopOnFailure: !continueOnFail,
		retry: {
			...DEFAULT_RETRY_POLICY,
			maxAttempts: clamp(options.maxAttempts, 1, 10, DEFAULT_RETRY_POLICY.maxAttempts),
			initialDelayMs: clamp(
				options.initialDelayMs,
				0,
				10 * 60_000,
				DEFAULT_RETRY_POLICY.initialDelayMs,
			),
			rateLimitDelayMs: clamp(
				options.rateLimitDelayMs,
				0,
				60 * 60_000,
				DEFAULT_RETRY_POLICY.rateLimitDelayMs,
			),
		},
	};
	const report = await fetchMediaItems(this, plan, fetchSettings);

	if (report.requests > plan.batches.length) {
		this.addExecutionHints({
			message: `${report.requests} requests to Google for ${plan.distinctIds} distinct IDs (${plan.batches.length} planned): ${report.retries} retried, ${report.splitRequests} sent to isolate failing IDs.`,
			location: 'outputPane',
		});
	}

	const stopAt = continueOnFail ? undefined : firstRequestFailure(requests, report.outcomes);
	if (stopAt) {
		const { error, itemIndex } = stopAt;
		// Built from our own fields only: the transport's error objects carry request headers.
		throw new NodeApiError(
			this.getNode(),
			{ message: error.message, status: error.status, code: error.code } as JsonObject,
			{
				message: error.message,
				description: error.description,
				httpCode: error.httpCode !== undefined ? String(error.httpCode) : undefined,
				itemIndex,
			},
		);
	}

	const downloads = options.downloadMedia
		? await downloadMediaItems(this, report.outcomes, downloadSettingsFrom(options, fetchSettings))
		: undefined;
	const outputs = buildOutputs(
		requests,
		report.outcomes,
		downloads && {
			field: options.binaryPropertyName?.trim() || 'data',
			outcomes: downloads.outcomes,
		},
	);
	// An AI agent only reads the first output, so as a tool the node reports failures there too.
	// n8n runs a tool either in a sub-node context (isToolExecution) or, for the AI Agent's
	// engine-run tool calls, as a regular node whose output it rewires to the agent.
	const asTool =
		this.isToolExecution() || this.getNode().rewireOutputLogTo === NodeConnectionTypes.AiTool;
	if (asTool) return [outputs.inInputOrder, []];
	return [outputs.mediaItems, outputs.errors];
}
