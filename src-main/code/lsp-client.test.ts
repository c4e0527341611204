import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { repoRoot } from '../testing/fixtures'
import { findCSharpServer, LanguageServerClient } from './lsp-client'

/**
 * The LSP client against a real language server process. No C# server can be installed on our
 * machines (csharp-ls and OmniSharp need the .NET SDK), so the client's lifecycle — spawn,
 * initialize, document sync, completion, published diagnostics, shutdown — is exercised against
 * Microsoft's JSON language server from npm (vscode-langservers-extracted), which speaks the same
 * protocol. What is C#-specific (finding csharp-ls / OmniSharp) is tested on the PATH lookup.
 */
const jsonServer = path.join(repoRoot, 'node_modules', '.bin', 'vscode-json-language-server')
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-lsp-'))
const clients: LanguageServerClient[] = []

afterAll(async () => {
  await Promise.all(clients.map((c) => c.stop()))
  fs.rmSync(root, { recursive: true, force: true })
})

describe('language server client', () => {
  it('says how to get a C# server when none is on the PATH', async () => {
    expect(findCSharpServer({ PATH: root })).toBeNull()
    const client = new LanguageServerClient(() => findCSharpServer({ PATH: root }))
    clients.push(client)
    const st = await client.ensureStarted(root)
    expect(st.state).toBe('not-found')
    expect(st.detail).toMatch(/csharp-ls/)
  })

  it('finds csharp-ls on the PATH, and SLATE_CSHARP_LS first', () => {
    const bin = path.join(root, 'bin')
    fs.mkdirSync(bin, { recursive: true })
    fs.writeFileSync(path.join(bin, 'csharp-ls'), '#!/bin/sh\n', { mode: 0o755 })
    expect(findCSharpServer({ PATH: bin })?.command).toBe(path.join(bin, 'csharp-ls'))
    expect(findCSharpServer({ PATH: bin, SLATE_CSHARP_LS: '/opt/omnisharp/OmniSharp -lsp' })).toEqual({ name: 'OmniSharp', command: '/opt/omnisharp/OmniSharp', args: ['-lsp'] })
  })

  it('initializes a real server, syncs a document and receives its diagnostics', async () => {
    const client = new LanguageServerClient(() => ({ name: 'vscode-json-language-server', command: jsonServer, args: ['--stdio'] }), 'json')
    clients.push(client)
    const st = await client.ensureStarted(root)
    expect(st.state).toBe('running')
    const got = new Promise<{ uri: string; messages: string[] }>((resolve) => {
      client.onDiagnostics((uri, diagnostics) => {
        if (diagnostics.length > 0) resolve({ uri, messages: diagnostics.map((d) => (typeof d.message === 'string' ? d.message : d.message.value)) })
      })
    })
    client.update('broken.json', '{ "a": 1, }')
    const d = await got
    expect(d.uri.endsWith('/broken.json')).toBe(true)
    expect(d.messages.join(' ')).toMatch(/trailing comma|expected/i)
    const items = await client.completion('broken.json', '{ "a": tr }', 1, 10)
    expect(Array.isArray(items)).toBe(true)
  })

  it('reports a server that exits at start as failed, with the reason', async () => {
    const client = new LanguageServerClient(() => ({ name: 'false', command: '/bin/false', args: [] }))
    clients.push(client)
    const st = await client.ensureStarted(root)
    expect(st.state).toBe('failed')
    expect(st.detail).toMatch(/exited with code 1|could not start/)
  })
})
