import { parseDemoArgs } from '../../scripts/demo/args';

describe('parseDemoArgs', () => {
	it('defaults to the example against the emulator, as a report', () => {
		expect(parseDemoArgs([])).toEqual({
			ok: true,
			args: { json: false, all: false, live: false, help: false },
		});
	});

	it('reads every flag', () => {
		const parsed = parseDemoArgs([
			'--ids-file',
			'ids.csv',
			'--json',
			'--all',
			'--live',
			'--credentials-file',
			'creds.json',
		]);
		expect(parsed).toEqual({
			ok: true,
			args: {
				idsFile: 'ids.csv',
				json: true,
				all: true,
				live: true,
				credentialsFile: 'creds.json',
				help: false,
			},
		});
	});

	it('takes "-" as the ids file (standard input)', () => {
		expect(parseDemoArgs(['--ids-file', '-'])).toMatchObject({ ok: true, args: { idsFile: '-' } });
	});

	it.each([
		[['--bogus'], "Unknown option '--bogus'"],
		[['--ids-file'], "Option '--ids-file <value>' argument missing"],
		[['--credentials-file', 'c.json'], '--credentials-file is for --live runs; add --live.'],
		[['stray'], 'Unexpected argument'],
	])('refuses %j', (argv, message) => {
		expect(parseDemoArgs(argv)).toEqual({ ok: false, message: expect.stringContaining(message) });
	});
});
