import { useEffect, useState } from 'react'
import type { SlateClient } from '../../src-shared/contract'
import type { Thumbnail } from '../../src-shared/types-ui'
import { useClient } from '../state/client'
import { onProjectSwitch } from '../state/project-scope'
import { assetIcon } from './asset-icons'

// Thumbnails already fetched in this session, and a small queue so a fast scroll does not send
// hundreds of requests at once (the core decodes two at a time anyway).
const cache = new Map<string, Thumbnail>()
onProjectSwitch(() => cache.clear())
const waiting: (() => void)[] = []
let active = 0
const MAX_ACTIVE = 4

async function fetchThumb(client: SlateClient, path: string, size: number, stillWanted: () => boolean): Promise<Thumbnail | null> {
  const key = `${size}:${path}`
  const hit = cache.get(key)
  if (hit) return hit
  if (active >= MAX_ACTIVE) await new Promise<void>((r) => waiting.push(r))
  active++
  try {
    if (!stillWanted()) return null
    const t = await client.call('assets.thumbnail', { path, size })
    cache.set(key, t)
    return t
  } finally {
    active--
    waiting.shift()?.()
  }
}

/** A texture's thumbnail, or its type icon until (or unless) there is one. */
export function Thumb({ path, type, size, storage }: { path: string; type: string; size: number; storage: string }) {
  const client = useClient()
  const wantsImage = type === 'Texture' && storage !== 'lfs'
  const [thumb, setThumb] = useState<Thumbnail | undefined>(() => cache.get(`${size}:${path}`))
  useEffect(() => {
    if (!wantsImage) return
    let live = true
    void fetchThumb(client, path, size, () => live).then((t) => live && t && setThumb(t))
    return () => {
      live = false
    }
  }, [client, path, size, wantsImage])
  if (thumb?.dataUrl) return <img className="thumb-img" src={thumb.dataUrl} alt="" draggable={false} data-testid="thumb-img" />
  const icon = assetIcon(type)
  return (
    <span className="thumb-icon" style={{ color: icon.color, borderColor: icon.color }} aria-hidden>
      {icon.label}
      {storage === 'lfs' && <span className="lfs-badge">LFS</span>}
    </span>
  )
}
