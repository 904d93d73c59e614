/** The demo's command line: `npm run demo -- [flags]`. */
import { parseArgs } from 'node:util';

export interface DemoArgs {
	idsFile?: string;
	json: boolean;
	all: boolean;
	live: boolean;
	credentialsFile?: string;
	help: boolean;
}

export type ParsedArgs = { ok: true; args: DemoArgs } | { ok: false; message: string };

export const USAGE = `Usage: npm run demo -- [options]

Runs examples/batch-get-media-items.workflow.json through n8n's engine with this package's
Google Photos node, against a local Google Photos emulator, and prints what the node returned.

Options
  --ids-file <file>         your own IDs instead of the example's sheet: one per line, or a CSV
                            with an "id" column ("-" reads standard input)
  --all                     print every row of both tables (default: the first few, and totals)
  --json                    print { mediaItems, errors, stats } as JSON on stdout, nothing else
                            (use npm run -s demo -- --json: npm prints a banner otherwise)
  --live                    ask the real Google Photos API, with your OAuth client and refresh
                            token from GOOGLE_PHOTOS_CLIENT_ID, GOOGLE_PHOTOS_CLIENT_SECRET and
                            GOOGLE_PHOTOS_REFRESH_TOKEN (see README.md, "The demo")
  --credentials-file <file> with --live: those three from a JSON file instead (client_id,
                            client_secret, refresh_token; gcloud's authorized_user file works)
  -h, --help                this text
`;

export function parseDemoArgs(argv: readonly string[]): ParsedArgs {
	let values;
	try {
		({ values } = parseArgs({
			args: [...argv],
			strict: true,
			allowPositionals: false,
			options: {
				'ids-file': { type: 'string' },
				json: { type: 'boolean', default: false },
				all: { type: 'boolean', default: false },
				live: { type: 'boolean', default: false },
				'credentials-file': { type: 'string' },
				help: { type: 'boolean', short: 'h', default: false },
			},
		}));
	} catch (error) {
		return { ok: false, message: (error as Error).message };
	}
	const args: DemoArgs = {
		idsFile: values['ids-file'],
		json: values.json,
		all: values.all,
		live: values.live,
		credentialsFile: values['credentials-file'],
		help: values.help,
	};
	if (args.credentialsFile !== undefined && !args.live) {
		return { ok: false, message: '--credentials-file is for --live runs; add --live.' };
	}
	for (const [flag, value] of [
		['--ids-file', args.idsFile],
		['--credentials-file', args.credentialsFile],
	] as const) {
		if (value !== undefined && value.trim() === '') {
			return { ok: false, message: `${flag} needs a file name.` };
		}
	}
	return { ok: true, args };
}
