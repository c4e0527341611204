#!/usr/bin/env node
// Run on the PACKAGING machine, after the app is packaged (asar written, with its integrity
// hash) and before it is code-signed:
//   node scripts/apply-fuses.mjs <path to the packaged Electron binary, or the .app on macOS>
// From electron-builder: call applyFusesToFile(context.appOutDir/<executable>) in an afterPack
// hook. On arm64 macOS without signing right after, re-sign ad hoc (codesign --sign - --force --deep).
import { applyFusesToFile, FUSE_INDEX } from './electron-fuses.mjs'

const target = process.argv[2]
if (!target) {
  console.error('usage: node scripts/apply-fuses.mjs <electron binary | App.app>')
  process.exit(2)
}
const { file, report } = applyFusesToFile(target)
const names = Object.keys(FUSE_INDEX)
for (const wire of report) {
  console.log(`${file} @${wire.at}:`)
  for (let i = 0; i < wire.after.length && i < names.length; i++) console.log(`  ${names[i]}: ${wire.before[i]} -> ${wire.after[i]}`)
}
