import type { BaseUrlClock } from './baseUrls';
import type { FaultState } from './faults';
import type { Library } from './library';
import type { TokenStore } from './tokens';
import type { Counters, GuessKnobs, RequestLogEntry } from './types';

/** Everything a request handler may read or change: one per emulator instance, never shared. */
export interface EmulatorContext {
	projectNumber: string;
	guesses: GuessKnobs;
	library: Library;
	tokens: TokenStore;
	faults: FaultState;
	clock: BaseUrlClock;
	counters: Counters;
	log: RequestLogEntry[];
	timers: TimerSet;
	images: ImageCache;
}

/** Timers that `stop()` must cancel so no response is written after the server closed. */
export class TimerSet {
	private readonly active = new Set<NodeJS.Timeout>();

	delay(ms: number): Promise<void> {
		return new Promise((resolve) => {
			const timer = setTimeout(() => {
				this.active.delete(timer);
				resolve();
			}, ms);
			this.active.add(timer);
		});
	}

	cancelAll(): void {
		for (const timer of this.active) clearTimeout(timer);
		this.active.clear();
	}
}

/** A small LRU of rendered images, bounded by total bytes. */
export class ImageCache {
	private readonly entries = new Map<string, Buffer>();
	private bytes = 0;

	constructor(private readonly maxBytes: number) {}

	getOrCreate(key: string, create: () => Buffer): Buffer {
		const found = this.entries.get(key);
		if (found) {
			this.entries.delete(key);
			this.entries.set(key, found);
			return found;
		}
		const created = create();
		this.entries.set(key, created);
		this.bytes += created.length;
		for (const [oldKey, old] of this.entries) {
			if (this.bytes <= this.maxBytes || oldKey === key) break;
			this.entries.delete(oldKey);
			this.bytes -= old.length;
		}
		return created;
	}
}
