import type { ServiceHealth } from '../../src-shared/types'

/**
 * SLATE's message bus: NATS semantics, two implementations (in-process, NATS). Payloads are JSON
 * on both: the in-process bus round-trips them through JSON too, so a payload that would not
 * survive NATS (a Date, a Map, a class instance) does not silently work locally.
 */

export interface BusMessage<T = unknown> {
  subject: string
  data: T
  /** set when the sender waits for a reply (request/reply) */
  reply?: string
  /** Answer a request. Returns false when the message had no reply subject. */
  respond(data?: unknown): boolean
}

export type BusHandler<T = unknown> = (msg: BusMessage<T>) => void | Promise<void>

export interface SubscribeOptions {
  /** queue group: each message goes to one member of the group, not to all */
  queue?: string
}

export interface BusSubscription {
  readonly subject: string
  unsubscribe(): void
}

export interface RequestOptions {
  /** default 5000 */
  timeoutMs?: number
}

export interface Bus {
  readonly kind: 'in-process' | 'nats'
  /** Fire and forget. Delivery is asynchronous on both implementations. */
  publish(subject: string, data?: unknown): void
  subscribe<T = unknown>(subject: string, handler: BusHandler<T>, opts?: SubscribeOptions): BusSubscription
  /** Rejects with BusNoRespondersError when nobody listens, BusTimeoutError when nobody answers in time. */
  request<R = unknown>(subject: string, data?: unknown, opts?: RequestOptions): Promise<R>
  /** Resolves once everything published so far has reached the server (NATS) or the subscribers (in-process). */
  flush(): Promise<void>
  health(): Promise<ServiceHealth>
  close(): Promise<void>
}

export class BusTimeoutError extends Error {
  readonly code = 'timeout'
  constructor(subject: string, ms: number) {
    super(`no reply on "${subject}" within ${ms} ms`)
    this.name = 'BusTimeoutError'
  }
}

export class BusNoRespondersError extends Error {
  readonly code = 'no_responders'
  constructor(subject: string) {
    super(`no responders on "${subject}"`)
    this.name = 'BusNoRespondersError'
  }
}

export class BusSubjectError extends Error {
  constructor(subject: string, why: string) {
    super(`invalid subject "${subject}": ${why}`)
    this.name = 'BusSubjectError'
  }
}

/** NATS rules: dot-separated non-empty tokens, no whitespace; `>` only last; wildcards only when subscribing. */
export function checkSubject(subject: string, allowWildcards: boolean): void {
  if (!subject || /\s/.test(subject)) throw new BusSubjectError(subject, 'empty or contains whitespace')
  const tokens = subject.split('.')
  tokens.forEach((t, i) => {
    if (t === '') throw new BusSubjectError(subject, 'empty token')
    if (t === '*' || t === '>') {
      if (!allowWildcards) throw new BusSubjectError(subject, 'wildcards are for subscriptions only')
      if (t === '>' && i !== tokens.length - 1) throw new BusSubjectError(subject, '">" must be the last token')
    } else if (t.includes('*') || t.includes('>')) {
      throw new BusSubjectError(subject, 'wildcard inside a token')
    }
  })
}

/** Does a subscription pattern (with `*` and `>`) match a concrete subject? */
export function subjectMatches(pattern: string, subject: string): boolean {
  const p = pattern.split('.')
  const s = subject.split('.')
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '>') return s.length > i
    if (i >= s.length) return false
    if (p[i] !== '*' && p[i] !== s[i]) return false
  }
  return p.length === s.length
}

export function encode(data: unknown): string {
  return data === undefined ? '' : JSON.stringify(data)
}

export function decode(text: string): unknown {
  return text === '' ? undefined : JSON.parse(text)
}
