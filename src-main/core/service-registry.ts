/**
 * The one place a core keeps its subsystems' state. A subsystem is declared once (defineService)
 * with how to create it, what to do when another project is opened, and how to stop it; the core
 * creates it on first use, tells every live one about a project switch, and stops them in reverse
 * order of creation when it is disposed. Handlers hold no state of their own: they ask the core
 * for the service (`core.service(def)`) on each call.
 */
export interface ServiceDef<T, H = unknown> {
  /** For messages (a failing stop). */
  name: string
  create(host: H): T
  /** Another project was opened: drop what belongs to the previous one. */
  projectChanged?(service: T): void
  stop?(service: T): Promise<void> | void
}

export function defineService<T, H = unknown>(def: ServiceDef<T, H>): ServiceDef<T, H> {
  return def
}

export class ServiceRegistry<H> {
  private readonly live = new Map<ServiceDef<unknown, never>, unknown>()

  constructor(private readonly host: H) {}

  get<T>(def: ServiceDef<T, H>): T {
    const key = def as unknown as ServiceDef<unknown, never>
    if (this.live.has(key)) return this.live.get(key) as T
    const service = def.create(this.host)
    this.live.set(key, service)
    return service
  }

  /** Whether a service was created (tests, status). */
  has(def: ServiceDef<unknown, H>): boolean {
    return this.live.has(def as unknown as ServiceDef<unknown, never>)
  }

  projectChanged(): void {
    for (const [def, service] of this.live) {
      try {
        ;(def as ServiceDef<unknown, H>).projectChanged?.(service)
      } catch (err) {
        console.error(`slate: ${def.name}: project switch failed:`, err)
      }
    }
  }

  /**
   * Stop every service, the last created first. Each stays reachable until its own stop ran: a
   * service stopping may still use one created before it (the data layer, created first, is there
   * while builds record their end).
   */
  async stopAll(): Promise<void> {
    const all = [...this.live].reverse()
    for (const [def, service] of all) {
      try {
        await (def as ServiceDef<unknown, H>).stop?.(service)
      } catch (err) {
        console.error(`slate: ${def.name}: error while stopping:`, err)
      }
      this.live.delete(def)
    }
  }
}
