/**
 * The demo command's exits that need no workflow run: they happen before n8n loads.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');

function demo(args: string[], env: NodeJS.ProcessEnv = {}) {
	const clean = Object.fromEntries(
		Object.entries(process.env).filter(([name]) => !name.startsWith('GOOGLE_PHOTOS_')),
	);
	const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/demo.ts', ...args], {
		cwd: ROOT,
		env: { ...clean, ...env },
		encoding: 'utf8',
	});
	return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('npm run demo -- --live', () => {
	it('without credentials explains what is missing and where to get it, on stderr, and exits 2', () => {
		const run = demo(['--live']);
		expect(run.code).toBe(2);
		expect(run.stdout).toBe('');
		expect(run.stderr).toContain('GOOGLE_PHOTOS_CLIENT_ID');
		expect(run.stderr).toContain('GOOGLE_PHOTOS_REFRESH_TOKEN');
		expect(run.stderr).toContain('"The demo" → "Live credentials"');
	});

	it('never echoes a secret it was given', () => {
		const dir = mkdtempSync(join(tmpdir(), 'demo-cli-'));
		const file = join(dir, 'creds.json');
		writeFileSync(file, JSON.stringify({ client_secret: 'GOCSPX-do-not-print-me' }));
		const run = demo(['--live', '--credentials-file', file], {
			GOOGLE_PHOTOS_CLIENT_ID: '1234-do-not-print.apps.googleusercontent.com',
		});
		expect(run.code).toBe(2);
		expect(run.stderr).toContain('Missing:\n  refresh token');
		expect(run.stderr + run.stdout).not.toMatch(/do-not-print/);
	});
});

describe('npm run demo -- with bad input', () => {
	it.each([
		[['--bogus'], "Unknown option '--bogus'"],
		[['--ids-file', 'no/such/file.csv'], 'Cannot read no/such/file.csv: no such file.'],
	])('%j exits 2 with the reason', (args, reason) => {
		const run = demo(args);
		expect(run.code).toBe(2);
		expect(run.stdout).toBe('');
		expect(run.stderr).toContain(reason);
	});

	it('names a directory as such', () => {
		const dir = mkdtempSync(join(tmpdir(), 'demo-cli-'));
		const run = demo(['--ids-file', dir]);
		expect(run.code).toBe(2);
		expect(run.stderr).toContain(`Cannot read ${dir}: it is a directory.`);
	});

	it('reads UTF-16 with a byte order mark (Excel\'s "Unicode Text") as text, not as binary', () => {
		const dir = mkdtempSync(join(tmpdir(), 'demo-cli-'));
		for (const [name, bytes] of [
			['le.txt', Buffer.from('\ufeffid\tname\r\n\r\n', 'utf16le')],
			['be.txt', Buffer.from('\ufeffid\tname\r\n\r\n', 'utf16le').swap16()],
		] as const) {
			const file = join(dir, name);
			writeFileSync(file, bytes);
			const run = demo(['--ids-file', file]);
			expect(run.code).toBe(2);
			// A header and no rows: decoded, the file is an empty sheet rather than a binary file.
			expect(run.stderr).toContain(`${file} holds no IDs`);
		}
	});
});
