/**
 * The emulator library the example workflow was made from. The demo starts the emulator with the
 * same settings, so the ids in examples/batch-get-media-items.workflow.json exist there.
 */
export const DEMO_LIBRARY = { seed: 'n8n-nodes-google-photos-demo', librarySize: 300 } as const;

export const EXAMPLE_WORKFLOW_PATH = 'examples/batch-get-media-items.workflow.json';

/** The credential the example references; import it under this id (see README). */
export const EXAMPLE_CREDENTIAL = {
	id: 'googlePhotosDemo01',
	name: 'Google Photos account',
} as const;
