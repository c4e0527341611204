#!/usr/bin/env node
// The `slate` command. It runs the TypeScript core straight from source through tsx, so a fresh
// checkout works after `npm install` without a build step; only `slate serve` needs the built
// renderer (`npm run build`), and it says so when it is missing.
import { register } from 'tsx/esm/api'

register()
const { main } = await import('../src-main/cli/index.ts')
const code = await main(process.argv.slice(2))
// Commands that keep running (serve, worker) return only when they are done.
process.exitCode = code
