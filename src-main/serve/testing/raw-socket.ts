import crypto from 'node:crypto'
import net from 'node:net'

/**
 * A WebSocket client written by hand, for tests that must send what no library would: broken
 * headers, invalid UTF-8, bad opcodes, oversized frames, or a client that never reads.
 */
export interface RawHandshake {
  socket: net.Socket
  status: number
  /** Bytes after the response headers (frames the server already sent). */
  rest: Buffer
}

/** Send an upgrade request with exactly these request target and headers; resolve with the status line's code (0 if the server just closed). */
export function rawUpgrade(port: number, target: string, headers: Record<string, string>): Promise<RawHandshake> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1')
    let buf = Buffer.alloc(0)
    let done = false
    const finish = (status: number) => {
      if (done) return
      done = true
      const end = buf.indexOf('\r\n\r\n')
      resolve({ socket, status, rest: end === -1 ? Buffer.alloc(0) : buf.subarray(end + 4) })
    }
    socket.on('data', (d) => {
      buf = Buffer.concat([buf, d])
      const end = buf.indexOf('\r\n\r\n')
      if (end !== -1) {
        socket.removeAllListeners('data')
        finish(Number(/^HTTP\/1\.1 (\d{3})/.exec(buf.toString('latin1'))?.[1] ?? 0))
      }
    })
    socket.on('close', () => finish(0))
    socket.on('error', (err) => (done ? undefined : reject(err)))
    socket.on('connect', () => {
      const lines = [`GET ${target} HTTP/1.1`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), '', '']
      socket.write(Buffer.from(lines.join('\r\n'), 'latin1'))
    })
  })
}

export function upgradeHeaders(port: number, extra: Record<string, string> = {}): Record<string, string> {
  return {
    Host: `127.0.0.1:${port}`,
    Upgrade: 'websocket',
    Connection: 'Upgrade',
    'Sec-WebSocket-Key': crypto.randomBytes(16).toString('base64'),
    'Sec-WebSocket-Version': '13',
    Origin: `http://127.0.0.1:${port}`,
    ...extra,
  }
}

/** One client frame (masked, as RFC 6455 requires of clients unless `mask: false`). */
export function frame(opcode: number, payload: Buffer, opts: { fin?: boolean; mask?: boolean; rsv?: number } = {}): Buffer {
  const fin = opts.fin ?? true
  const mask = opts.mask ?? true
  const len = payload.length
  const head: number[] = [(fin ? 0x80 : 0) | ((opts.rsv ?? 0) << 4) | (opcode & 0x0f)]
  const m = mask ? 0x80 : 0
  if (len < 126) head.push(m | len)
  else if (len < 65536) head.push(m | 126, len >> 8, len & 0xff)
  else {
    head.push(m | 127, 0, 0, 0, 0)
    head.push((len >>> 24) & 0xff, (len >>> 16) & 0xff, (len >>> 8) & 0xff, len & 0xff)
  }
  if (!mask) return Buffer.concat([Buffer.from(head), payload])
  const key = crypto.randomBytes(4)
  const body = Buffer.alloc(len)
  for (let i = 0; i < len; i++) body[i] = payload[i] ^ key[i & 3]
  return Buffer.concat([Buffer.from(head), key, body])
}

export const textFrame = (s: string | Buffer) => frame(0x1, Buffer.isBuffer(s) ? s : Buffer.from(s))

/** Read server frames (unmasked) from a socket until `pick` returns something; text frames are decoded. */
export function readFrames<T>(socket: net.Socket, initial: Buffer, pick: (frames: { opcode: number; data: Buffer }[]) => T | undefined): Promise<T> {
  return new Promise((resolve, reject) => {
    let buf = initial
    const frames: { opcode: number; data: Buffer }[] = []
    const parse = () => {
      for (;;) {
        if (buf.length < 2) return
        const opcode = buf[0] & 0x0f
        let len = buf[1] & 0x7f
        let off = 2
        if (len === 126) {
          if (buf.length < 4) return
          len = buf.readUInt16BE(2)
          off = 4
        } else if (len === 127) {
          if (buf.length < 10) return
          len = Number(buf.readBigUInt64BE(2))
          off = 10
        }
        if (buf.length < off + len) return
        frames.push({ opcode, data: buf.subarray(off, off + len) })
        buf = buf.subarray(off + len)
      }
    }
    const check = () => {
      parse()
      const v = pick(frames)
      if (v !== undefined) {
        socket.off('data', onData)
        resolve(v)
        return true
      }
      return false
    }
    const onData = (d: Buffer) => {
      buf = Buffer.concat([buf, d])
      check()
    }
    if (check()) return
    socket.on('data', onData)
    socket.once('close', () => (check() ? undefined : reject(new Error(`closed after ${frames.length} frames`))))
  })
}

/** The close code of a close frame (1000, 1007, 1009, …). */
export const closeCode = (f: { opcode: number; data: Buffer }) => (f.opcode === 0x8 && f.data.length >= 2 ? f.data.readUInt16BE(0) : null)
