// Load for bench/gateway.py: `node load.mjs SPEC.json` with {url, requests: [{body, headers}],
// connections, duration}; each connection cycles through the requests in its own shuffled
// order (so varied requests are not sent in lockstep), and autocannon's figures print as JSON.
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

const spec = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const requests = spec.requests.map((request) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', accept: 'application/json', ...request.headers },
  body: request.body,
}));

function shuffled(items) {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

const result = await autocannon({
  url: spec.url,
  connections: spec.connections,
  duration: spec.duration,
  pipelining: 1,
  requests,
  setupClient(client) {
    client.setRequests(shuffled(requests));
  },
});
console.log(
  JSON.stringify({
    requests: result.requests.total,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    duration: result.duration,
  }),
);
