/**
 * `npm run emulator -- [--port 8787] [--seed demo] [--library-size 300]`
 * Starts the emulator, prints what a client needs, stops on SIGINT/SIGTERM.
 */
import { startEmulator } from './index';

interface CliOptions {
	port: number;
	seed?: string;
	librarySize?: number;
}

const USAGE = 'usage: emulator [--port N] [--seed S] [--library-size N]';

function parseArgs(argv: string[]): CliOptions {
	const options: CliOptions = { port: 0 };
	if (argv.includes('--help') || argv.includes('-h')) {
		process.stdout.write(`${USAGE}\n`);
		process.exit(0);
	}
	for (let i = 0; i < argv.length; i++) {
		const [flag, inline] = argv[i].split('=', 2);
		const value = inline ?? argv[++i];
		if (value === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
		if (flag === '--port') options.port = Number(value);
		else if (flag === '--seed') options.seed = value;
		else if (flag === '--library-size') options.librarySize = Number(value);
		else throw new Error(`unknown option ${flag}\n${USAGE}`);
	}
	if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) {
		throw new Error(`--port must be 0..65535\n${USAGE}`);
	}
	if (
		options.librarySize !== undefined &&
		!(Number.isInteger(options.librarySize) && options.librarySize >= 0)
	) {
		throw new Error(`--library-size must be a whole number\n${USAGE}`);
	}
	return options;
}

async function main(): Promise<void> {
	const options = parseArgs(process.argv.slice(2));
	const emulator = await startEmulator(options);
	const accessToken = emulator.tokens.mintAccessToken();
	const refreshToken = emulator.tokens.mintRefreshToken();
	const sample = (ids: string[]): string => ids.slice(0, 3).join('\n    ');
	const lines = [
		'Google Photos Library API emulator',
		`  API origin     ${emulator.origin}   (batchGet: ${emulator.origin}/v1/mediaItems:batchGet)`,
		`  token URL      ${emulator.tokenUrl}`,
		`  authorize URL  ${emulator.authUrl}`,
		`  client id      ${emulator.client.clientId}`,
		`  client secret  ${emulator.client.clientSecret}`,
		`  access token   ${accessToken}`,
		`  refresh token  ${refreshToken}`,
		'  scope          https://www.googleapis.com/auth/photoslibrary.readonly.appcreateddata',
		`  library        ${emulator.library.ids().length} items (seed ${options.seed ?? 'google-photos-emulator'})`,
		`  photo ids      ${sample(emulator.library.ids('photos'))}`,
		`  video ids      ${sample(emulator.library.ids('videos'))}`,
		`  deleted ids    ${sample(emulator.library.deletedIds())}`,
		`  other-app ids  ${sample(emulator.library.otherAppIds())}`,
		'',
		'Try:',
		`  curl -H 'Authorization: Bearer ${accessToken}' \\`,
		`    '${emulator.origin}/v1/mediaItems:batchGet?mediaItemIds=${emulator.library.ids()[0]}'`,
		'Ctrl-C to stop.',
	];
	console.log(lines.join('\n'));
	const stop = (signal: string): void => {
		console.log(`\n${signal}: stopping`);
		emulator.stop().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.once('SIGINT', () => stop('SIGINT'));
	process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(2);
});
