import { nextPacificMidnight } from '../../../nodes/GooglePhotos/helpers/pacificMidnight';

describe('nextPacificMidnight', () => {
	it('finds midnight PST (UTC-8) in winter', () => {
		expect(nextPacificMidnight(new Date('2026-12-03T18:00:00Z')).toISOString()).toBe(
			'2026-12-04T08:00:00.000Z',
		);
	});

	it('finds midnight PDT (UTC-7) in summer', () => {
		expect(nextPacificMidnight(new Date('2026-07-01T06:59:00Z')).toISOString()).toBe(
			'2026-07-01T07:00:00.000Z',
		);
	});

	it('uses the offset in force at midnight across the spring-forward switch', () => {
		// 8 March 2026, 10:00 PST → next midnight is 9 March 00:00 PDT = 07:00 UTC.
		expect(nextPacificMidnight(new Date('2026-03-08T18:00:00Z')).toISOString()).toBe(
			'2026-03-09T07:00:00.000Z',
		);
	});
});
