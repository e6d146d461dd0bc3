#!/usr/bin/env node
// Installed entry point: Node >= 22.18 runs the TypeScript sources directly (type stripping).
await import('../src/cli/balans.ts');
