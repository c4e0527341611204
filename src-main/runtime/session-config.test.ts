import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { checkSessionConfig, recheckMounts, SessionConfigError } from './session-config'

/** Which project folders a session may mount from, and what a project folder must be (no Docker needed). */
describe('session mounts and the project folder', () => {
  const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'slate-session-config-')))
  const roots = path.join(base, 'projects')
  const game = path.join(roots, 'Game')
  const outside = path.join(base, 'Outside')
  for (const d of [path.join(game, 'Builds'), path.join(outside, 'Builds')]) fs.mkdirSync(d, { recursive: true })
  fs.symlinkSync(outside, path.join(roots, 'Linked'))
  afterAll(() => fs.rmSync(base, { recursive: true, force: true }))

  const mount = [{ hostPath: 'Builds', containerPath: '/srv/build' }]
  const refusal = (f: () => unknown) => {
    try {
      f()
      return null
    } catch (err) {
      expect(err).toBeInstanceOf(SessionConfigError)
      return (err as Error).message
    }
  }

  it('without mounts, the project folder need not exist here (a container host of the team has its own disk)', () => {
    const c = checkSessionConfig({ image: 'busybox', projectRoot: '/home/someone/Game' })
    expect(c.projectRoot).toBe(path.resolve('/home/someone/Game'))
    expect(c.mounts).toEqual([])
  })

  it('with mounts, the project folder must exist here', () => {
    expect(refusal(() => checkSessionConfig({ image: 'busybox', projectRoot: path.join(base, 'missing'), mounts: mount }))).toMatch(/does not exist on the container host/)
  })

  it('under a mount policy, only projects inside its roots may mount, judged after links are resolved', () => {
    const mountRoots = [roots]
    expect(checkSessionConfig({ image: 'busybox', projectRoot: game, mounts: mount }, mountRoots).mounts).toEqual([{ hostPath: path.join(game, 'Builds'), containerPath: '/srv/build', readOnly: true }])
    expect(refusal(() => checkSessionConfig({ image: 'busybox', projectRoot: outside, mounts: mount }, mountRoots))).toMatch(/cannot be mounted: this container service mounts only from projects inside/)
    expect(refusal(() => checkSessionConfig({ image: 'busybox', projectRoot: path.join(roots, 'Linked'), mounts: mount }, mountRoots))).toMatch(/cannot be mounted/)
    expect(refusal(() => checkSessionConfig({ image: 'busybox', projectRoot: '/', mounts: [{ hostPath: 'etc', containerPath: '/mnt' }] }, mountRoots))).toMatch(/cannot be mounted/)
    // the root itself is no project: it may hold others, or the service's own state
    expect(refusal(() => checkSessionConfig({ image: 'busybox', projectRoot: roots, mounts: [{ hostPath: 'Game', containerPath: '/mnt' }] }, mountRoots))).toMatch(/cannot be mounted/)
    // a session without mounts is not a mount: any project may run one
    expect(checkSessionConfig({ image: 'busybox', projectRoot: outside }, mountRoots).mounts).toEqual([])
    // no roots named: nothing is mounted
    expect(refusal(() => checkSessionConfig({ image: 'busybox', projectRoot: game, mounts: mount }, []))).toMatch(/mounts no folders.*SLATE_RUNTIME_ROOTS/)
  })

  it('a mount replaced by a link between the check and the container is refused', () => {
    const project = path.join(roots, 'Swapped')
    fs.mkdirSync(path.join(project, 'Builds'), { recursive: true })
    const c = checkSessionConfig({ image: 'busybox', projectRoot: project, mounts: mount }, [roots])
    expect(() => recheckMounts(c)).not.toThrow()
    fs.rmSync(path.join(project, 'Builds'), { recursive: true })
    fs.symlinkSync(path.join(outside, 'Builds'), path.join(project, 'Builds'))
    expect(refusal(() => recheckMounts(c))).toMatch(/changed since it was checked/)
  })

  it('a folder whose name starts with two dots is inside the project', () => {
    fs.mkdirSync(path.join(game, '..cache'), { recursive: true })
    expect(checkSessionConfig({ image: 'busybox', projectRoot: game, mounts: [{ hostPath: '..cache', containerPath: '/cache' }] }).mounts).toHaveLength(1)
  })

  it('without a policy (the app, the CLI), any project of the user may mount its own folders, never one outside it', () => {
    expect(checkSessionConfig({ image: 'busybox', projectRoot: outside, mounts: mount }).mounts).toHaveLength(1)
    expect(refusal(() => checkSessionConfig({ image: 'busybox', projectRoot: game, mounts: [{ hostPath: '../../Outside/Builds', containerPath: '/mnt' }] }))).toMatch(/outside the project/)
  })
})
