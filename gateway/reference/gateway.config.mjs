// Hive Gateway (MIT) as the reference federation gateway of the Lokalprojekte platform.
// It serves the supergraph our composer writes (join spec v0.5), forwards the caller's token
// and trace context to the subgraphs like our gateway does, and keeps subgraph errors visible.
import { defineConfig } from '@graphql-hive/gateway';

const forwarded = ['authorization', 'traceparent', 'tracestate'];

export const gatewayConfig = defineConfig({
  supergraph: process.env.SUPERGRAPH_FILE ?? '../supergraph.graphql',
  propagateHeaders: {
    fromClientToSubgraphs({ request }) {
      const headers = {};
      for (const name of forwarded) {
        const value = request.headers.get(name);
        if (value) headers[name] = value;
      }
      return headers;
    },
  },
  graphqlEndpoint: '/graphql',
  landingPage: false,
  logging: process.env.LOG_LEVEL ?? 'warn',
  // errors the gateway raises itself keep GraphQL's wording (our gateway does not mask them)
  maskedErrors: false,
  // the supergraph is a file written once: no polling
  pollingInterval: 0,
});
