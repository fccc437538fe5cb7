#!/usr/bin/env node
// `vault-api-token`: the bundle scripts/build.mjs makes from cli/main.ts, run with plain node. It is committed (like
// action/dist) and needs nothing from node_modules; test/cli/dist-fresh.test.ts fails when it differs from a fresh
// build of the source (`npm run build -- cli`, then commit cli/dist).
import './dist/main.mjs';
