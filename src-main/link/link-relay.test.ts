import crypto from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { NatsBus } from '../bus/nats-bus'
import { createSubjects } from '../bus/subjects'
import { startLinkRelay, type LinkRelay } from './link-relay'
import { LinkServer } from './link-server'
import type { LinkProcess } from './link-process'
import { runStandin } from './testing/standin-process'
import { natsReachable, TEST_NATS_URL } from '../testing/nats'

/**
 * A player on another machine: its bridge connects to the relay (`slate services --only link`),
 * which carries the link over a real NATS to the SLATE that holds the token. The link stand-in (a
 * real process speaking the bridge's protocol) connects to the relay exactly as to a local SLATE.
 */
const NATS_URL = TEST_NATS_URL
const natsUp = await natsReachable()

describe.skipIf(!natsUp)('live link over NATS for players elsewhere', { timeout: 60_000 }, () => {
  const S = createSubjects(`tlink${crypto.randomUUID().slice(0, 8)}`)
  let ideBus: NatsBus
  let relayBus: NatsBus
  let server: LinkServer
  let relay: LinkRelay

  beforeAll(async () => {
    ideBus = await NatsBus.connect({ url: NATS_URL })
    relayBus = await NatsBus.connect({ url: NATS_URL })
    server = new LinkServer()
    await server.start()
    server.attachRelay(ideBus, S)
    relay = await startLinkRelay({ bus: relayBus, subjects: S, welcomeTimeoutMs: 1000 })
  })

  afterAll(async () => {
    await relay?.close()
    await server?.close()
    await ideBus?.close()
    await relayBus?.close()
  })

  it('connects a player through the relay: session, state, commands and replies, disconnect', async () => {
    const connected = new Promise<LinkProcess>((resolve) => server.once('connected', (p) => resolve(p)))
    const standin = runStandin([relay.url, server.token, '--kind', 'player'])
    try {
      const proc = await connected
      expect(proc.info.kind).toBe('player')
      const welcome = await standin.next((m) => m.standin === 'welcome')
      expect(welcome.sessionId).toBe(proc.sessionId)
      // a command goes down the bus and Unity's answer comes back up
      const playing = await server.command(proc.sessionId, 'play.enter')
      expect(playing.ok).toBe(true)
      await standin.next((m) => m.standin === 'state' && m.playMode === 'playing')
      const disconnected = new Promise<void>((resolve) => server.once('disconnected', () => resolve()))
      await standin.stop()
      await disconnected
      expect(server.get(proc.sessionId)?.connected).toBe(false)
    } finally {
      await standin.stop()
    }
  })

  it('refuses a player with another token, and the token never travels on the bus', async () => {
    const seen: string[] = []
    const spy = ideBus.subscribe<{ text?: string }>(`${S.root}.link.>`, (m) => {
      seen.push(JSON.stringify(m.data))
    })
    const standin = runStandin([relay.url, 'not-the-token', '--kind', 'player'])
    const good = runStandin([relay.url, server.token, '--kind', 'player'])
    try {
      await good.next((m) => m.standin === 'welcome')
      // the player with a token no SLATE holds is closed as a bad token (the bridge stops retrying)
      await standin.next((m) => m.standin === 'closed' && m.code === 4401)
      await ideBus.flush()
      expect(seen.length).toBeGreaterThan(0)
      expect(seen.some((s) => s.includes(server.token) || s.includes('not-the-token'))).toBe(false)
      expect(server.list().filter((p) => p.connected)).toHaveLength(1)
    } finally {
      spy.unsubscribe()
      await standin.stop()
      await good.stop()
    }
  })
})
