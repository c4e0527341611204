#!/usr/bin/env node
// A core that misbehaves on purpose, for the bridge's robustness tests: it speaks the link protocol
// (hello/token/welcome, 4401 bad token) but also sends whatever a test asks for ("raw": text that is
// not JSON, commands without ids, method.run for names not on the allow-list: the real core
// checks its allow-list first and never does). Events go out already in the tests' shape (tests/Core.cs).
import fs from 'node:fs'
import path from 'node:path'
import crypto from 'node:crypto'
import readline from 'node:readline'
import { WebSocketServer } from 'ws'

const project = process.argv[2]
const out = (o) => process.stdout.write(JSON.stringify(o) + '\n')
let wss = null
const token = crypto.randomBytes(12).toString('hex')
const sockets = new Map()
const pending = new Map()
let nextId = 1

async function start() {
  wss = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/link' })
  await new Promise((r) => wss.once('listening', r))
  const url = `ws://127.0.0.1:${wss.address().port}/link`
  fs.mkdirSync(path.join(project, 'Library'), { recursive: true })
  fs.writeFileSync(path.join(project, 'Library/SlateLink.json'), JSON.stringify({ url, token, protocol: 1 }), { mode: 0o600 })
  wss.on('connection', (ws) => {
    let sid = null
    ws.on('message', (raw) => {
      let m
      try { m = JSON.parse(String(raw)) } catch { out({ ev: 'bad', why: 'not json' }); return }
      if (!sid) {
        if (m.t !== 'hello') { out({ ev: 'bad', why: 'before hello' }); return }
        if (m.token !== token) { ws.close(4401, 'bad token'); out({ ev: 'refused' }); return }
        const resumed = !!m.resume && sockets.has(m.resume)
        sid = resumed ? m.resume : crypto.randomUUID()
        sockets.set(sid, ws)
        ws.send(JSON.stringify({ t: 'welcome', sessionId: sid, protocol: 1 }))
        out({ ev: 'connected', session: sid, resumed, process: m.process })
        return
      }
      if (m.t === 'ping') { ws.send('{"t":"pong"}'); return }
      if (m.t === 'reply') {
        const req = pending.get(m.id); pending.delete(m.id)
        out({ ev: 'reply', req, ok: m.ok, result: m.result, error: m.error })
        return
      }
      const { t, ...rest } = m
      out({ ev: t, session: sid, ...rest })
    })
    ws.on('close', () => { if (sid) out({ ev: 'disconnected', session: sid }) })
  })
  out({ ev: 'ready', url, token, project })
}

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const m = JSON.parse(line)
  if (m.name) {
    const ws = sockets.get(m.session)
    if (!ws) { out({ ev: 'reply', req: m.id, ok: false, error: 'not connected' }); return }
    const id = nextId++
    pending.set(id, m.id)
    ws.send(JSON.stringify({ t: 'cmd', id, name: m.name, args: m.args ?? {} }))
  } else if (m.op === 'raw') {
    sockets.get(m.session)?.send(m.text)
  }
})
await start()
