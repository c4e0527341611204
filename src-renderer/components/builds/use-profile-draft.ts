import { useCallback, useEffect, useRef, useState } from 'react'
import type { BuildProfile, BuildRunnerKind, BuildTarget, BuildType, ProfileValidation } from '../../../src-shared/types-builds'
import { ApiError } from '../../../src-shared/api-error'
import { useCall, useClient } from '../../state/client'

export interface ProfileDraft {
  profiles: BuildProfile[] | undefined
  loadError: ApiError | null
  draft: BuildProfile | null
  /** The draft differs from the saved profile of the same id (or is not saved at all). */
  dirty: boolean
  validation: ProfileValidation | null
  /** Validation belongs to the draft as it is now (not to an earlier edit). */
  validationCurrent: boolean
  /** Check again what depends on the machine (editor, bridge, runner). */
  recheck(): void
  saveError: ApiError | null
  saving: boolean
  runner: BuildRunnerKind
  setRunner(r: BuildRunnerKind): void
  /** Docker image override (empty: GameCI's image for the project's Unity version and target). */
  image: string
  setImage(i: string): void
  edit(p: BuildProfile): void
  select(id: string): void
  changeType(t: BuildType): Promise<void>
  create(target: BuildTarget, type: BuildType): Promise<void>
  save(): Promise<boolean>
  remove(): Promise<void>
}

const runnerKey = (root: string, id: string) => `slate.builds.runner:${root}:${id}`
const imageKey = (root: string, id: string) => `slate.builds.image:${root}:${id}`

/**
 * The profile being edited: loaded from the project's saved profiles (or the documented defaults
 * when there are none), validated by the core on every change (debounced), saved per project.
 */
export function useProfileDraft(root: string): ProfileDraft {
  const client = useClient()
  const list = useCall('builds.profiles.list', {}, root)
  const [profiles, setProfiles] = useState<BuildProfile[] | undefined>(undefined)
  const [draft, setDraft] = useState<BuildProfile | null>(null)
  const [validation, setValidation] = useState<{ for: string; v: ProfileValidation } | null>(null)
  // The machine changes under a profile (the bridge installed, Docker started): re-check on demand.
  const [epoch, setEpoch] = useState(0)
  const [saveError, setSaveError] = useState<ApiError | null>(null)
  const [saving, setSaving] = useState(false)
  const [runner, setRunnerState] = useState<BuildRunnerKind>('local')
  const [image, setImageState] = useState('')
  const initialised = useRef(false)

  useEffect(() => {
    if (list.data) setProfiles(list.data)
  }, [list.data])

  // First load: the first saved profile, else the defaults of a development Windows build.
  useEffect(() => {
    if (initialised.current || !list.data) return
    initialised.current = true
    if (list.data.length) setDraft(list.data[0])
    else void client.call('builds.profiles.default', { target: 'StandaloneWindows64', type: 'development' }).then(setDraft, () => undefined)
  }, [client, list.data])

  useEffect(() => {
    if (!draft) return
    const stored = localStorage.getItem(runnerKey(root, draft.id))
    setRunnerState(stored === 'docker' || stored === 'farm' ? stored : 'local')
    setImageState(localStorage.getItem(imageKey(root, draft.id)) ?? '')
  }, [root, draft?.id])

  const key = draft ? JSON.stringify(draft) : ''
  useEffect(() => {
    if (!draft) return
    let stale = false
    const t = setTimeout(() => {
      // The profile's rules and this machine's readiness (editor, module, bridge, runner) together.
      client.call('builds-readiness.check', { profile: draft, runner }).then(
        (v) => !stale && setValidation({ for: key, v }),
        () => undefined,
      )
    }, 200)
    return () => {
      stale = true
      clearTimeout(t)
    }
  }, [client, key, runner, epoch])

  const saved = draft ? profiles?.find((p) => p.id === draft.id) : undefined
  const dirty = Boolean(draft && (!saved || JSON.stringify(saved) !== key))

  const setRunner = useCallback(
    (r: BuildRunnerKind) => {
      setRunnerState(r)
      if (draft) localStorage.setItem(runnerKey(root, draft.id), r)
    },
    [root, draft],
  )

  const setImage = useCallback(
    (i: string) => {
      setImageState(i)
      if (draft) localStorage.setItem(imageKey(root, draft.id), i)
    },
    [root, draft],
  )

  return {
    profiles,
    loadError: list.error,
    draft,
    dirty,
    validation: validation?.v ?? null,
    validationCurrent: validation?.for === key,
    recheck: () => setEpoch((e) => e + 1),
    saveError,
    saving,
    runner,
    setRunner,
    image,
    setImage,
    edit: (p) => {
      setSaveError(null)
      setDraft(p)
    },
    select: (id) => {
      const p = profiles?.find((x) => x.id === id)
      if (p) setDraft(p)
    },
    changeType: async (type) => {
      if (!draft) return
      const d = await client.call('builds.profiles.default', { target: draft.target, type })
      // Keep what identifies the profile and where it builds; take the type's documented options.
      setDraft({ ...draft, type, options: d.options, compression: d.compression, defines: d.defines, backend: d.backend })
    },
    create: async (target, type) => {
      const d = await client.call('builds.profiles.default', { target, type })
      const taken = new Set(profiles?.map((p) => p.id))
      let id = d.id
      for (let n = 2; taken.has(id); n++) id = `${d.id}-${n}`
      setDraft({ ...d, id })
    },
    save: async () => {
      if (!draft) return false
      setSaving(true)
      setSaveError(null)
      try {
        const r = await client.call('builds.profiles.save', { profile: draft })
        setProfiles(r.profiles)
        return true
      } catch (err) {
        const e = err instanceof ApiError ? err : new ApiError('internal', String(err))
        const details = e.details as ProfileValidation | undefined
        if (details && Array.isArray(details.issues)) setValidation({ for: key, v: details })
        setSaveError(e)
        return false
      } finally {
        setSaving(false)
      }
    },
    remove: async () => {
      if (!draft) return
      const rest = await client.call('builds.profiles.delete', { id: draft.id })
      setProfiles(rest)
      if (rest.length) setDraft(rest[0])
      else setDraft(await client.call('builds.profiles.default', { target: 'StandaloneWindows64', type: 'development' }))
    },
  }
}
