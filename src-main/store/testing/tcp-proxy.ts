import net from 'node:net'

/**
 * A TCP proxy for fault tests: SLATE connects to the proxy, the proxy to the real server. cut()
 * drops every open connection and refuses new ones (as a pulled cable or a dead VPN would look
 * from the client: resets and refused connects); restore() accepts again on the same port.
 */
export class TcpProxy {
  private server: net.Server | null = null
  private readonly sockets = new Set<net.Socket>()
  port = 0
  connections = 0

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async start(port = 0): Promise<number> {
    this.server = net.createServer((client) => {
      this.connections++
      const upstream = net.connect(this.targetPort, this.targetHost)
      for (const s of [client, upstream]) {
        this.sockets.add(s)
        s.on('close', () => this.sockets.delete(s))
        s.on('error', () => undefined)
      }
      client.pipe(upstream)
      upstream.pipe(client)
      client.on('close', () => upstream.destroy())
      upstream.on('close', () => client.destroy())
    })
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject)
      this.server!.listen(port, '127.0.0.1', () => resolve())
    })
    this.port = (this.server.address() as net.AddressInfo).port
    return this.port
  }

  /** Drop everything and stop listening. */
  async cut(): Promise<void> {
    const server = this.server
    this.server = null
    for (const s of this.sockets) s.resetAndDestroy()
    this.sockets.clear()
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()))
  }

  /** Listen again on the same port. */
  async restore(): Promise<void> {
    await this.start(this.port)
  }

  async close(): Promise<void> {
    await this.cut()
  }
}
