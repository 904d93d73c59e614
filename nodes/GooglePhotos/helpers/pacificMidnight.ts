const PACIFIC = 'America/Los_Angeles';

/** Minutes that Pacific time is behind UTC at `instant` (480 in winter, 420 in summer). */
function pacificOffsetMinutes(instant: Date): number {
	const name = new Intl.DateTimeFormat('en-US', { timeZone: PACIFIC, timeZoneName: 'shortOffset' })
		.formatToParts(instant)
		.find((part) => part.type === 'timeZoneName')?.value;
	const match = /GMT([+-])(\d{1,2})(?::(\d{2}))?/.exec(name ?? '');
	if (!match) return 480;
	const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
	return match[1] === '-' ? minutes : -minutes;
}

/** Google's daily quotas reset at midnight US Pacific time (spec §5): the next such instant. */
export function nextPacificMidnight(now: Date): Date {
	const offset = pacificOffsetMinutes(now);
	const pacificNow = new Date(now.getTime() - offset * 60_000);
	const midnightAsUtcFields = Date.UTC(
		pacificNow.getUTCFullYear(),
		pacificNow.getUTCMonth(),
		pacificNow.getUTCDate() + 1,
	);
	// Midnight itself may fall in the other half of a DST switch, so use the offset in force then.
	const guess = new Date(midnightAsUtcFields + offset * 60_000);
	return new Date(midnightAsUtcFields + pacificOffsetMinutes(guess) * 60_000);
}
