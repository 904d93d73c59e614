import { type IncomingHttpHeaders, request } from 'node:http';
import { connect } from 'node:net';
import type { Emulator, GoogleErrorEnvelope, BatchGetResponse } from './index';

/** Test helpers: raw HTTP on 127.0.0.1, the request target sent exactly as written. */

export interface RawResponse {
	status: number;
	headers: IncomingHttpHeaders;
	body: Buffer;
	text: string;
}

export interface SendOptions {
	method?: string;
	headers?: Record<string, string>;
	body?: string;
}

export function send(
	origin: string,
	target: string,
	options: SendOptions = {},
): Promise<RawResponse> {
	const { hostname, port } = new URL(origin);
	return new Promise((resolve, reject) => {
		const req = request(
			{
				host: hostname,
				port,
				path: target,
				method: options.method ?? 'GET',
				headers: options.headers,
				agent: false,
			},
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (chunk: Buffer) => chunks.push(chunk));
				res.on('end', () => {
					const body = Buffer.concat(chunks);
					resolve({
						status: res.statusCode ?? 0,
						headers: res.headers,
						body,
						text: body.toString('utf8'),
					});
				});
				res.on('error', reject);
			},
		);
		req.on('error', reject);
		req.end(options.body);
	});
}

export const bearer = (token: string): Record<string, string> => ({
	authorization: `Bearer ${token}`,
});

export const idsQuery = (ids: string[]): string =>
	ids.map((id) => `mediaItemIds=${encodeURIComponent(id)}`).join('&');

export function batchGet(
	emulator: Emulator,
	ids: string[],
	token: string,
	extra = '',
): Promise<RawResponse> {
	const query = [idsQuery(ids), extra].filter(Boolean).join('&');
	return send(emulator.origin, `/v1/mediaItems:batchGet?${query}`, { headers: bearer(token) });
}

export const results = (response: RawResponse): NonNullable<BatchGetResponse['mediaItemResults']> =>
	(JSON.parse(response.text) as BatchGetResponse).mediaItemResults ?? [];

export const errorOf = (response: RawResponse): GoogleErrorEnvelope['error'] =>
	(JSON.parse(response.text) as GoogleErrorEnvelope).error;

export function postForm(
	url: string,
	form: Record<string, string>,
	headers: Record<string, string> = {},
): Promise<RawResponse> {
	const { origin, pathname } = new URL(url);
	return send(origin, pathname, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
		body: new URLSearchParams(form).toString(),
	});
}

/** Writes raw bytes on a fresh socket and returns whatever comes back before the server closes it. */
export function rawExchange(origin: string, data: string, waitMs = 300): Promise<string> {
	const { hostname, port } = new URL(origin);
	return new Promise((resolve) => {
		const socket = connect(Number(port), hostname);
		const chunks: Buffer[] = [];
		const finish = (): void => {
			clearTimeout(timer);
			socket.destroy();
			resolve(Buffer.concat(chunks).toString('latin1'));
		};
		const timer = setTimeout(finish, waitMs);
		socket.on('data', (chunk) => chunks.push(chunk));
		socket.on('close', finish);
		socket.on('error', finish);
		socket.write(data);
	});
}

/** Outcome of a request whose connection may be dropped: a response or the socket error code. */
export async function attempt(
	origin: string,
	target: string,
	options: SendOptions = {},
): Promise<RawResponse | { error: string }> {
	try {
		return await send(origin, target, options);
	} catch (error) {
		return { error: (error as NodeJS.ErrnoException).code ?? String(error) };
	}
}
