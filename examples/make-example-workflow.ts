/**
 * Writes examples/batch-get-media-items.workflow.json: the rows a user would have in a sheet after
 * uploading media with this OAuth app, with the mess real sheets have (duplicates, a blank cell, a
 * pasted list, "N/A", ids of deleted media and of another app's media).
 *
 *   bash scripts/toolchain.sh tsx examples/make-example-workflow.ts
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { startEmulator } from '../test/emulator';
import { DEMO_LIBRARY, EXAMPLE_CREDENTIAL, EXAMPLE_WORKFLOW_PATH } from './demoLibrary';

interface SheetRow {
	id: string;
	file: string;
	uploaded: string;
}

async function main() {
	const emulator = await startEmulator({ port: 0, ...DEMO_LIBRARY });
	try {
		const row = (id: string): SheetRow => {
			const item = emulator.library.get(id);
			return {
				id,
				file: item?.filename ?? 'IMG_unknown.jpg',
				uploaded: item?.mediaMetadata.creationTime.slice(0, 10) ?? '2024-01-01',
			};
		};
		const uploaded = emulator.library.ids('all').slice(0, 240).map(row);
		const rows: SheetRow[] = [...uploaded];
		// Duplicates: the same upload logged twice, spread through the sheet.
		for (let n = 0; n < 30; n++) rows.splice(20 + n * 8, 0, uploaded[n * 7]);
		const [deletedA, deletedB] = emulator.library.deletedIds();
		const [otherAppA, otherAppB] = emulator.library.otherAppIds();
		rows.splice(37, 0, {
			...row(deletedA),
			file: 'IMG_20230704_201512.jpg',
			uploaded: '2023-07-04',
		});
		rows.splice(91, 0, {
			...row(otherAppA),
			file: 'PXL_20240101_000112.jpg',
			uploaded: '2024-01-01',
		});
		rows.splice(150, 0, { id: '', file: 'IMG_20240815_093000.jpg', uploaded: '2024-08-15' });
		rows.splice(151, 0, { id: 'N/A', file: 'scan-0001.png', uploaded: '2024-08-15' });
		rows.splice(180, 0, {
			id: [uploaded[200].id, uploaded[201].id, otherAppB].join(', '),
			file: 'holiday batch (pasted)',
			uploaded: '2024-09-02',
		});
		rows.splice(230, 0, {
			...row(deletedB),
			file: 'VID_20221224_180001.mp4',
			uploaded: '2022-12-24',
		});

		const workflow = {
			id: 'googlePhotosBatchGetDemo',
			name: 'Google Photos: batch-get media items by ID',
			nodes: [
				{
					parameters: {},
					id: '0c6f7c52-2d3b-4d0b-9f56-6c0d4a3f0001',
					name: 'When clicking ‘Execute workflow’',
					type: 'n8n-nodes-base.manualTrigger',
					typeVersion: 1,
					position: [0, 0],
				},
				{
					parameters: {
						mode: 'raw',
						jsonOutput: JSON.stringify({ rows }, null, 1),
						options: {},
					},
					id: '0c6f7c52-2d3b-4d0b-9f56-6c0d4a3f0002',
					name: 'Uploaded media (sheet rows)',
					type: 'n8n-nodes-base.set',
					typeVersion: 3.4,
					position: [220, 0],
					notes:
						'Stands in for your Google Sheets or database step: one row per uploaded file, with its media item id.',
					notesInFlow: true,
				},
				{
					parameters: { fieldToSplitOut: 'rows', options: {} },
					id: '0c6f7c52-2d3b-4d0b-9f56-6c0d4a3f0003',
					name: 'One item per row',
					type: 'n8n-nodes-base.splitOut',
					typeVersion: 1,
					position: [440, 0],
				},
				{
					parameters: {
						resource: 'mediaItem',
						operation: 'batchGet',
						mediaItemIds: '={{ $json.id }}',
						options: {},
					},
					id: '0c6f7c52-2d3b-4d0b-9f56-6c0d4a3f0004',
					name: 'Google Photos',
					type: 'n8n-nodes-google-photos.googlePhotos',
					typeVersion: 1,
					position: [660, 0],
					credentials: { googlePhotosOAuth2Api: { ...EXAMPLE_CREDENTIAL } },
				},
				{
					parameters: {},
					id: '0c6f7c52-2d3b-4d0b-9f56-6c0d4a3f0005',
					name: 'Found media items',
					type: 'n8n-nodes-base.noOp',
					typeVersion: 1,
					position: [900, -100],
				},
				{
					parameters: {},
					id: '0c6f7c52-2d3b-4d0b-9f56-6c0d4a3f0006',
					name: 'IDs that failed',
					type: 'n8n-nodes-base.noOp',
					typeVersion: 1,
					position: [900, 100],
				},
			],
			connections: {
				'When clicking ‘Execute workflow’': {
					main: [[{ node: 'Uploaded media (sheet rows)', type: 'main', index: 0 }]],
				},
				'Uploaded media (sheet rows)': {
					main: [[{ node: 'One item per row', type: 'main', index: 0 }]],
				},
				'One item per row': { main: [[{ node: 'Google Photos', type: 'main', index: 0 }]] },
				'Google Photos': {
					main: [
						[{ node: 'Found media items', type: 'main', index: 0 }],
						[{ node: 'IDs that failed', type: 'main', index: 0 }],
					],
				},
			},
			settings: { executionOrder: 'v1' },
			pinData: {},
			active: false,
		};
		writeFileSync(
			resolve(__dirname, '..', EXAMPLE_WORKFLOW_PATH),
			JSON.stringify(workflow, null, '\t') + '\n',
		);
		console.log(`wrote ${EXAMPLE_WORKFLOW_PATH}: ${rows.length} rows`);
	} finally {
		await emulator.stop();
	}
}

void main();
