import type { SlateClient } from '../../src-shared/contract'
import { ApiError } from '../../src-shared/api-error'
import { isProjectBound } from '../../src-shared/project-bound'

/**
 * The renderer's side of "a project switch cannot mix projects". The open project can change
 * under open views (Open Recent in the desktop app, another tab of `slate serve --allow-open`).
 * Everything the renderer holds for a project must then go, and nothing still in flight for the
 * old one may land in the new one:
 *
 * - events carry the project they belong to (src-main/core/events.ts): those of another project
 *   than the one shown are dropped here;
 * - calls carry the project they are made for: the core refuses them for another project, and a
 *   result that arrives after a switch is turned into a `conflict` here instead of reaching a view;
 * - module-level stores register a reset (onProjectSwitch) that runs before anything of the new
 *   project arrives, and the app's React tree is remounted (main.tsx keys it by switchCount).
 */

type Root = string | null
/** undefined until the first answer: nothing to compare against yet. */
let current: Root | undefined
let switches = 0
const resets = new Set<() => void>()
const listeners = new Set<() => void>()

/** Run `reset` whenever the open project changes; returns the unregistration. */
export function onProjectSwitch(reset: () => void): () => void {
  resets.add(reset)
  return () => resets.delete(reset)
}

/** Bumped on every switch (not on the first answer): the key the app remounts under. */
export function switchCount(): number {
  return switches
}

export function currentProjectRoot(): Root | undefined {
  return current
}

export function subscribeProjectSwitch(l: () => void): () => void {
  listeners.add(l)
  return () => listeners.delete(l)
}

function adopt(root: Root): void {
  if (current === root) return
  const first = current === undefined
  current = root
  if (first) return
  switches++
  for (const reset of resets) {
    try {
      reset()
    } catch (err) {
      console.error('slate: resetting a store on project switch failed:', err)
    }
  }
  for (const l of listeners) l()
}

/**
 * A client bound to the open project: wrap the transport's client once, at start. It learns the
 * project from `project.current` and follows `project.changed` (its own listener runs first, so
 * stores are reset before any other listener of the event).
 */
export function scopeToProject(inner: SlateClient): SlateClient {
  inner.on('project.changed', (p) => adopt(p?.root ?? null))
  void inner.call('project.current', {}).then(
    (p) => {
      if (current === undefined) adopt(p?.root ?? null)
    },
    () => undefined,
  )
  return {
    transport: inner.transport,
    async call(name, args, options) {
      const sentFor = current
      const bound = isProjectBound(name) && sentFor !== undefined
      const result = await inner.call(name, args, bound ? { ...options, project: sentFor } : options)
      // Answered for a project that is no longer shown: no view of the new one may get it.
      if (bound && current !== sentFor) {
        throw new ApiError('conflict', `${name} answered for ${sentFor ?? 'no project'}, but the open project is now ${current ?? 'none'}`)
      }
      return result
    },
    on(name, listener, key) {
      return inner.on(
        name,
        (payload, project) => {
          if (name !== 'project.changed' && project !== null && current !== undefined && project !== current) return
          listener(payload, project)
        },
        key,
      )
    },
  }
}
