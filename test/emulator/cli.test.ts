/**
 * `npm run emulator`: what a person (or a script) gets from the command line — URLs and tokens
 * that work as printed, and a clean stop on SIGTERM.
 */
import { spawn, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');
const CLI = ['--import', 'tsx', 'test/emulator/cli.ts'];

function field(printed: string, name: string): string {
	const match = new RegExp(`^  ${name} +(\\S+)`, 'm').exec(printed);
	if (!match) throw new Error(`the emulator printed no ${name}:\n${printed}`);
	return match[1];
}

it('prints a working API origin, token URL, access and refresh token, and stops cleanly on SIGTERM', async () => {
	const child = spawn(process.execPath, [...CLI, '--seed', 'cli-test', '--library-size', '20'], {
		cwd: ROOT,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let printed = '';
	child.stdout.on('data', (chunk: Buffer) => (printed += chunk.toString()));
	const exited = new Promise<number | null>((done) => child.once('exit', done));
	try {
		await new Promise<void>((ready, fail) => {
			child.stdout.on('data', () => printed.includes('Ctrl-C to stop.') && ready());
			child.once('exit', () => fail(new Error(`exited early:\n${printed}`)));
		});

		const origin = field(printed, 'API origin');
		const accessToken = field(printed, 'access token');
		const [photoId] = printed.match(/photo ids +(\S+)/)?.slice(1) ?? [];
		const answer = await fetch(`${origin}/v1/mediaItems:batchGet?mediaItemIds=${photoId}`, {
			headers: { Authorization: `Bearer ${accessToken}` },
		});
		expect(answer.status).toBe(200);
		const body = (await answer.json()) as {
			mediaItemResults: Array<{ mediaItem?: { id: string } }>;
		};
		expect(body.mediaItemResults[0].mediaItem?.id).toBe(photoId);

		const refreshed = await fetch(field(printed, 'token URL'), {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({
				grant_type: 'refresh_token',
				refresh_token: field(printed, 'refresh token'),
				client_id: field(printed, 'client id'),
				client_secret: field(printed, 'client secret'),
			}),
		});
		expect(refreshed.status).toBe(200);
		expect(await refreshed.json()).toMatchObject({ token_type: 'Bearer' });

		child.kill('SIGTERM');
		expect(await exited).toBe(0);
		expect(printed).toContain('SIGTERM: stopping');
		await expect(fetch(`${origin}/v1/mediaItems:batchGet`)).rejects.toThrow();
	} finally {
		child.kill('SIGKILL');
	}
});

it.each([
	[['--help'], 0, /^usage: emulator/],
	[['--bogus', '1'], 2, /unknown option --bogus/],
	[['--port', 'x'], 2, /--port must be 0\.\.65535/],
])('%j exits %i with the usage', (args, code, says) => {
	const run = spawnSync(process.execPath, [...CLI, ...args], { cwd: ROOT, encoding: 'utf8' });
	expect(run.status).toBe(code);
	expect(run.stdout + run.stderr).toMatch(says);
});
