import { expect, test } from '@playwright/test'
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import readline from 'node:readline'
import { copyFixtureProject } from './support/project-copy'
import { repoRoot, screenshotPath, startServe, type ServeHandle } from './support/serve'
import { ShellPage } from './support/shell-page'

// A project copy with the script the fixture log's Debug.Log frames point at, so a frame opens it.
const copy = copyFixtureProject('BoatAttack', [])
fs.mkdirSync(path.join(copy.root, 'Assets', 'Editor'), { recursive: true })
fs.writeFileSync(path.join(copy.root, 'Assets', 'Editor', 'BuildAndroid.cs'), Array.from({ length: 40 }, (_, i) => `// line ${i + 1}`).join('\n') + '\n')
let serve: ServeHandle
let standin: ChildProcess
const seen: Record<string, unknown>[] = []
const waiters: { pred: (m: Record<string, unknown>) => boolean; resolve: () => void }[] = []
/** Wait for a line the stand-in prints (a command it received, a state it sent). */
const standinSays = (pred: (m: Record<string, unknown>) => boolean) =>
  new Promise<void>((resolve) => (seen.some(pred) ? resolve() : waiters.push({ pred, resolve })))

test.beforeAll(async () => {
  serve = await startServe(copy.root)
  // The Editor finds SLATE through Library/SlateLink.json, which slate serve has written.
  expect(fs.existsSync(path.join(copy.root, 'Library', 'SlateLink.json'))).toBe(true)
  standin = spawn(process.execPath, [path.join(repoRoot, 'test/unity-standin/link-standin.mjs'), '--project', copy.root, '--kind', 'editor', '--log-every', '20'], { stdio: ['ignore', 'pipe', 'inherit'] })
  readline.createInterface({ input: standin.stdout! }).on('line', (line) => {
    try {
      const m = JSON.parse(line) as Record<string, unknown>
      seen.push(m)
      for (const w of [...waiters]) {
        if (!w.pred(m)) continue
        waiters.splice(waiters.indexOf(w), 1)
        w.resolve()
      }
    } catch {
      /* not a JSON line */
    }
  })
  await standinSays((m) => m.standin === 'welcome')
})
test.afterAll(async () => {
  if (standin && standin.exitCode === null) {
    const gone = new Promise((r) => standin.once('exit', r))
    standin.kill('SIGTERM')
    await gone
  }
  await serve?.stop()
  copy.remove()
})

test('the stand-in connects; play, pause and step reach it and come back as state; live charts; a range gets a verdict and recommendations; its log lines open at their frame', async ({ page }) => {
  const shell = new ShellPage(page)
  await shell.open(serve.url)
  const controls = page.getByTestId('play-controls')
  await expect(controls).toHaveAttribute('data-play-mode', 'edit')
  await shell.go('profiler')
  await expect(page.getByTestId('profiler-session')).toHaveCount(1)

  // Play from SLATE: the command reaches the stand-in, its state comes back.
  await page.getByTestId('play-toggle').click()
  await standinSays((m) => m.standin === 'cmd' && m.name === 'play.enter')
  await expect(controls).toHaveAttribute('data-play-mode', 'playing')
  // live charts: the frame-time chart draws, and the frame counter moves
  await expect(page.getByTestId('chart-frame').locator('canvas')).toBeVisible()
  await expect(page.getByTestId('chart-memory').locator('canvas')).toBeVisible()
  await expect(page.getByTestId('profiler-session')).toContainText(/[1-9][\d,]* frames/)
  await page.screenshot({ path: screenshotPath('profiler-live') })

  // Pause, then step: each reaches the stand-in and the state shown is the one it reports.
  await page.getByTestId('play-pause').click()
  await standinSays((m) => m.standin === 'state' && m.playMode === 'paused')
  await expect(controls).toHaveAttribute('data-play-mode', 'paused')
  const frameOf = async () => Number((await page.getByTestId('play-state').textContent())!.match(/frame (\d+)/)![1])
  // the frame shown settles on the stand-in's paused frame
  const pausedFrame = Number((seen.filter((m) => m.standin === 'state' && m.playMode === 'paused').pop() as { frame: number }).frame)
  await expect.poll(frameOf).toBe(pausedFrame)
  await page.getByTestId('play-step').click()
  await standinSays((m) => m.standin === 'cmd' && m.name === 'play.step')
  await expect.poll(frameOf).toBe(pausedFrame + 1)
  await expect(controls).toHaveAttribute('data-play-mode', 'paused')
  await page.keyboard.press('F6') // resume by shortcut
  await standinSays((m) => m.standin === 'cmd' && m.name === 'play.resume')
  await expect(controls).toHaveAttribute('data-play-mode', 'playing')

  // The range: the stand-in plays the CPU-bound scenario on the real frame times.
  await page.getByTestId('analyze-range').click()
  await expect(page.getByTestId('profiler-verdict')).toHaveText('CPU-bound')
  await expect(page.getByTestId('profiler-recommendation').first()).toBeVisible()
  await expect(page.locator('[data-rec="gc-every-frame"]')).toContainText('threshold')
  await expect(page.locator('[data-rec="bottleneck-cpu"]')).toContainText('80%')
  await page.getByTestId('profiler-analysis').scrollIntoViewIfNeeded()
  await page.screenshot({ path: screenshotPath('profiler-range-verdict') })

  // Its log lines are a live console source; a stack frame opens the script at its line.
  await shell.go('console')
  const source = page.getByTestId('console-source')
  await expect(source.locator('option', { hasText: 'KeepDriving (stand-in) Editor' })).toHaveCount(1)
  await source.selectOption({ label: (await source.locator('option', { hasText: 'KeepDriving (stand-in) Editor' }).textContent())! })
  const row = page.getByTestId('console-row').filter({ hasText: 'Starting Android build process' }).first()
  await expect(row).toBeVisible()
  await row.click()
  const frame = page.getByTestId('console-frame').filter({ hasText: 'Assets/Editor/BuildAndroid.cs' }).first()
  await expect(frame).toBeVisible()
  await page.screenshot({ path: screenshotPath('profiler-console-live-log') })
  await frame.click()
  await expect(page.getByTestId('view-code')).toBeVisible()
  await expect(page.getByText('BuildAndroid.cs').first()).toBeVisible()
  await page.screenshot({ path: screenshotPath('profiler-frame-opens-code') })
})

test('compile streams the compiler errors into the console; an allow-listed method runs by name', async ({ page }) => {
  const shell = new ShellPage(page)
  await shell.open(serve.url)
  await shell.go('profiler')
  const cmds = page.getByTestId('unity-commands')
  await expect(cmds).toBeVisible()
  await cmds.getByTestId('cmd-compile').click()
  await standinSays((m) => m.standin === 'cmd' && m.name === 'scripts.compile')
  await expect(cmds.getByTestId('cmd-result')).toContainText(/scripts\.compile: \{"errors":\d+\}/)
  // the allow-list is edited here and saved to the project; then the method has a button
  await cmds.getByRole('button', { name: 'edit' }).click()
  await cmds.getByLabel('Allow-list').fill('Slate.Demo.Rebuild')
  await cmds.getByRole('button', { name: 'Save allow-list' }).click()
  // The method's button appears once the core has saved the list: only then is the file read
  // (reading it right after the click raced the save once in CI).
  const run = cmds.getByRole('button', { name: 'Slate.Demo.Rebuild()' })
  await expect(run).toBeVisible()
  expect(JSON.parse(fs.readFileSync(path.join(copy.root, 'ProjectSettings', 'SlateLinkAllowList.json'), 'utf8'))).toEqual({ methods: ['Slate.Demo.Rebuild'], menus: [] })
  await run.click()
  await standinSays((m) => m.standin === 'cmd' && m.name === 'method.run')
  await expect(cmds.getByTestId('cmd-result')).toContainText('"ran":"Slate.Demo.Rebuild"')
  await page.screenshot({ path: screenshotPath('profiler-unity-commands') })
  // the compiler errors are in the process's console, at their files
  await shell.go('console')
  const source = page.getByTestId('console-source')
  await source.selectOption({ label: (await source.locator('option', { hasText: 'KeepDriving (stand-in) Editor' }).textContent())! })
  await page.getByTestId('console-search').fill('CS0246')
  await expect(page.getByTestId('console-row').filter({ hasText: 'error CS0246' }).first()).toBeVisible()
  await page.screenshot({ path: screenshotPath('profiler-compile-errors-in-console') })
})
