#!/usr/bin/env node
// First step of `npm test`: the tests read real Unity projects, logs and package caches from
// ../shared/fixtures (never copied into the repository). Without them, say so in one line and
// stop at once, instead of dozens of ENOENT failures minutes later.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const fixtures = path.resolve(root, '..', 'shared', 'fixtures')
const needed = ['unity', 'logs', 'README.md']
const missing = needed.filter((n) => !fs.existsSync(path.join(fixtures, n)))
if (missing.length) {
  process.stderr.write(
    `slate: the test fixtures are missing at ${fixtures}: they come from the team's shared/ folder (real Unity projects, logs and package caches, see shared/fixtures/README.md), which must sit beside this checkout as ../shared; put it there and run npm test again.\n`,
  )
  process.exit(1)
}
