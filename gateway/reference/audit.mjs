// The graphql-http audit (GraphQL over HTTP spec) of a server: `node audit.mjs URL` prints
// one JSON line per audit ({id, name, status, reason}) and exits 1 when a MUST item fails.
import { auditServer } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit.mjs URL');
  process.exit(2);
}
const results = await auditServer({ url });
let failed = false;
for (const result of results) {
  const line = { id: result.id, name: result.name, status: result.status };
  if (result.status !== 'ok') line.reason = result.reason;
  if (result.status === 'error') failed = true;
  console.log(JSON.stringify(line));
}
process.exit(failed ? 1 : 0);
