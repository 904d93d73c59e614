import type { ServerResponse } from 'node:http';
import { htmlErrorPage } from './errors';
import type { RequestLogEntry } from './types';

/** Writing responses; every path goes through `writeHead` here so the log knows the status. */

export const JSON_CONTENT_TYPE = 'application/json; charset=UTF-8';

/** Headers Google's API front end (ESF) sends with every JSON answer. */
export const ESF_HEADERS = {
	Vary: 'Origin, X-Origin, Referer',
	Server: 'ESF',
	'Cache-Control': 'private',
	'X-XSS-Protection': '0',
	'X-Frame-Options': 'SAMEORIGIN',
	'X-Content-Type-Options': 'nosniff',
} as const;

export function writeHead(
	res: ServerResponse,
	entry: RequestLogEntry,
	status: number,
	headers: Record<string, string | number>,
): void {
	entry.status = status;
	res.writeHead(status, headers);
}

export function sendBody(
	res: ServerResponse,
	entry: RequestLogEntry,
	status: number,
	headers: Record<string, string | number>,
	body: string | Buffer,
): void {
	const buffer = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
	writeHead(res, entry, status, { ...headers, 'Content-Length': buffer.length });
	res.end(buffer);
}

export function sendHtml(
	res: ServerResponse,
	entry: RequestLogEntry,
	status: number,
	extraHeaders: Record<string, string> = {},
): void {
	sendBody(
		res,
		entry,
		status,
		{
			'Content-Type': 'text/html; charset=UTF-8',
			'Referrer-Policy': 'no-referrer',
			...extraHeaders,
		},
		htmlErrorPage(status, entry.path),
	);
}

/** Drops the connection without any response (the log keeps status 0). */
export function dropConnection(res: ServerResponse, entry: RequestLogEntry): void {
	entry.status = 0;
	res.socket?.destroy();
	res.destroy();
}
