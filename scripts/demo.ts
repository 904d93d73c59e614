/**
 * `npm run demo`: runs the example workflow through n8n's engine with our node, against the
 * bundled emulator (or Google with --live), and prints what the node returned. README.md,
 * "The demo", explains the report; scripts/demo/ holds one file per job.
 *
 * Exit codes: 0 the workflow ran; 1 it did not (the message says why); 2 bad flags or input.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { isatty } from 'node:tty';

import { EXAMPLE_WORKFLOW_PATH } from '../examples/demoLibrary';
import { parseDemoArgs, USAGE, type DemoArgs } from './demo/args';
import { parseIdsFile, type IdsFileRows } from './demo/idsFile';
import {
	resolveLiveSecrets,
	SECRET_LABELS,
	secretsFromEnv,
	secretsFromJson,
	type LiveSecretsResult,
} from './demo/liveCredentials';
import { progressText, StatusLine } from './demo/progress';
import { Redactor } from './demo/redact';
import { jsonReport, renderReport } from './demo/report';
import type { DemoTarget } from './demo/run';

const EXIT = { ran: 0, failed: 1, usage: 2 } as const;

/** Everything the demo prints goes through here, masked in live mode. */
const redactor = new Redactor();

async function write(stream: NodeJS.WriteStream, text: string): Promise<void> {
	await new Promise<void>((resolve) => stream.write(redactor.redact(text), () => resolve()));
}

const complain = (text: string) => write(process.stderr, text.endsWith('\n') ? text : `${text}\n`);

/** A problem with the flags or the files they name: the message, then exit 2. */
class UsageProblem extends Error {}

/**
 * UTF-8 (with or without a BOM), or UTF-16 with its BOM (Excel's "Unicode Text" export). Bytes that
 * are not valid in the encoding become U+FFFD, which parseIdsFile refuses as "not a text file".
 */
function decodeText(bytes: Buffer): string {
	if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
	if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
	return bytes.toString('utf8');
}

const READ_PROBLEMS: Record<string, string> = {
	ENOENT: 'no such file',
	EISDIR: 'it is a directory',
};

function readText(file: string): string {
	if (file === '-' && isatty(0)) {
		// Typed or pasted by hand: without a word the demo would seem to hang. (Not process.stdin:
		// creating it makes the terminal non-blocking, and the read below then fails with EAGAIN.)
		process.stderr.write('Reading IDs from the terminal, one per line; end with Ctrl-D.\n');
	}
	try {
		return decodeText(readFileSync(file === '-' ? 0 : file));
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		const why = (code && READ_PROBLEMS[code]) ?? code ?? (error as Error).message;
		throw new UsageProblem(`Cannot read ${file}: ${why}.`);
	}
}

function liveSecrets(args: DemoArgs): LiveSecretsResult {
	const fromEnv = secretsFromEnv(process.env);
	if (args.credentialsFile === undefined) return resolveLiveSecrets(fromEnv);
	const fromFile = secretsFromJson(readText(args.credentialsFile), args.credentialsFile);
	if (!fromFile.ok) return fromFile;
	return resolveLiveSecrets(fromEnv, { name: args.credentialsFile, found: fromFile.found });
}

function targetOf(args: DemoArgs): DemoTarget {
	if (!args.live) return { kind: 'emulator' };
	const secrets = liveSecrets(args);
	if (!secrets.ok) throw new UsageProblem(secrets.message);
	for (const [field, label] of Object.entries(SECRET_LABELS)) {
		redactor.add(secrets.secrets[field as keyof typeof SECRET_LABELS], label);
	}
	return { kind: 'live', secrets: secrets.secrets };
}

function idsFileOf(args: DemoArgs): (IdsFileRows & { name: string }) | undefined {
	if (args.idsFile === undefined) return undefined;
	const name = args.idsFile === '-' ? 'standard input' : args.idsFile;
	const file = parseIdsFile(readText(args.idsFile), name);
	if (!file.ok) throw new UsageProblem(file.message);
	return { ...file, name };
}

function terminalWidth(): number {
	const columns = process.stdout.isTTY ? process.stdout.columns : undefined;
	return Math.max(60, Math.min(columns ?? 100, 100));
}

/** `npm run demo -- --json | …` gets npm's "> package demo" banner first unless npm is silent. */
async function warnAboutNpmBanner(): Promise<void> {
	const { npm_lifecycle_event: event, npm_config_loglevel: logLevel } = process.env;
	if (event !== 'demo' || logLevel === 'silent' || process.stdout.isTTY) return;
	await complain(
		'Note: npm printed its "> … demo" banner on stdout before the JSON; for JSON alone run: npm run -s demo -- --json',
	);
}

async function runAndReport(
	args: DemoArgs,
	target: DemoTarget,
	idsFile: ReturnType<typeof idsFileOf>,
): Promise<number> {
	// Loaded only now: n8n's engine takes seconds to load, and the exits before need none of it.
	const { DemoFailure, runDemo } = await import('./demo/run');
	const { loadExampleWorkflow, withSheetRows } = await import('./demo/workflow');
	const example = loadExampleWorkflow();
	const status = new StatusLine();
	status.show(target.kind === 'emulator' ? 'Starting the emulator and n8n…' : 'Starting n8n…');
	try {
		const result = await runDemo({
			workflow: idsFile ? withSheetRows(example, idsFile.rows) : example,
			target,
			load: 'dist',
			onRequests: (counts, planned) => status.show(progressText(counts, planned)),
		});
		status.clear();
		const context = {
			workflowFile: EXAMPLE_WORKFLOW_PATH,
			idsFile,
			all: args.all,
			width: terminalWidth(),
			totalMs: performance.now(),
		};
		const json = () => `${JSON.stringify(jsonReport(result, context), null, 2)}\n`;
		await write(process.stdout, args.json ? json() : renderReport(result, context));
		return EXIT.ran;
	} catch (error) {
		status.clear();
		if (!(error instanceof DemoFailure)) throw error;
		await complain(error.detail ? `${error.message}\n${error.detail}` : error.message);
		return EXIT.failed;
	}
}

async function main(): Promise<number> {
	const parsed = parseDemoArgs(process.argv.slice(2));
	if (!parsed.ok) {
		await complain(`${parsed.message}\n\n${USAGE}`);
		return EXIT.usage;
	}
	const { args } = parsed;
	if (args.help) {
		await write(process.stdout, USAGE);
		return EXIT.ran;
	}
	try {
		const target = targetOf(args);
		const idsFile = idsFileOf(args);
		if (args.json) await warnAboutNpmBanner();
		return await runAndReport(args, target, idsFile);
	} catch (error) {
		if (!(error instanceof UsageProblem)) throw error;
		await complain(error.message);
		return EXIT.usage;
	}
}

// `npm run -s demo -- --json | head` closes the pipe early: the reader's choice, not a failure.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
	if (error.code === 'EPIPE') process.exit(EXIT.ran);
	throw error;
});

main().then(
	(code) => process.exit(code),
	async (error: unknown) => {
		await complain(`The demo failed: ${error instanceof Error ? error.stack : String(error)}`);
		process.exit(EXIT.failed);
	},
);
