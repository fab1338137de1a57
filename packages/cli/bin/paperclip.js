#!/usr/bin/env node
// Entry point of the `paperclip` command. The sources are TypeScript, loaded through tsx's ESM hook.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
