import net from 'node:net'

/** The NATS server tests use, and whether it answers (tests skip, saying so, when it does not). */
export const TEST_NATS_URL = process.env.SLATE_TEST_NATS_URL ?? 'nats://127.0.0.1:4222'

export function natsReachable(url = TEST_NATS_URL): Promise<boolean> {
  const u = new URL(url)
  return new Promise((resolve) => {
    const s = net.connect({ host: u.hostname, port: Number(u.port) || 4222 })
    s.once('connect', () => (s.destroy(), resolve(true)))
    s.once('error', () => resolve(false))
  })
}
