import { context, ROOT_CONTEXT } from '@opentelemetry/api';
import { timeoutError, type IncomingCall, type Reply, type Transport } from '../http.ts';
import type { Post } from '../loadgen.ts';

/** Simulated time a request (and its answer) spends on the wire: a container network's order of magnitude. */
export const WIRE_MS = 1;

const wire = () => new Promise((resolve) => setTimeout(resolve, WIRE_MS));

/**
 * The simulator's network: calls go to the service listening on the URL's host, as JSON (the body is
 * serialised and parsed, as over HTTP), WIRE_MS each way, and a call with no answer within its timeout
 * rejects with the same error as over HTTP. The callee runs in a fresh context, as behind a socket,
 * so it sees its caller only through the traceparent header.
 */
export function simNetwork() {
  const hosts = new Map<string, (call: IncomingCall) => Promise<Reply>>();
  const transport: Transport = (target, headers, body, timeoutMs) =>
    new Promise((resolve, reject) => {
      const answer = hosts.get(target.host);
      if (!answer) {
        reject(new Error(`getaddrinfo ENOTFOUND ${target.hostname}`));
        return;
      }
      const timer = setTimeout(() => reject(timeoutError(target, timeoutMs)), timeoutMs);
      const call = { method: 'POST', path: target.pathname, headers: { ...headers }, body: JSON.parse(body) };
      context
        .with(ROOT_CONTEXT, () => wire().then(() => answer(call)))
        .then(
          async (reply) => {
            await wire();
            clearTimeout(timer);
            resolve({ status: reply.status, text: JSON.stringify(reply.body) });
          },
          (err) => {
            clearTimeout(timer);
            reject(err);
          }
        );
    });
  // The load generator's request timeout (loadgen.ts httpPost).
  const post: Post = (url, body) =>
    transport(new URL(url), { 'content-type': 'application/json' }, body, 10_000).then((r) => r.status);
  return { hosts, transport, post };
}
