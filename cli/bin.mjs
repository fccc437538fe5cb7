#!/usr/bin/env node
// `vault-api-token`: runs the TypeScript command (cli/main.ts) through tsx, so a clone needs no build step and the
// package ships its source. tsx is a dependency for that reason.
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');
