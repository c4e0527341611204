import { expect, test } from '@playwright/test'
import path from 'node:path'
import WebSocket from 'ws'
import { fixturesDir, screenshotPath, startServe, type ServeHandle } from './support/serve'
import { ShellPage } from './support/shell-page'

let serve: ServeHandle
test.beforeAll(async () => {
  serve = await startServe(path.join(fixturesDir, 'unity', 'BoatAttack'))
})
test.afterAll(async () => serve?.stop())

test('the shell shows the project name and Unity version from the project', async ({ page }) => {
  const shell = new ShellPage(page)
  await shell.open(serve.url)
  await expect(shell.statusProject()).toHaveText('BoatAttack')
  await expect(shell.statusUnity()).toHaveText('Unity 2020.3.23f1')
  await expect(page.getByTestId('status-mode')).toHaveText('Embedded')
  await expect(page.getByTestId('dashboard-product')).toHaveText('BoatAttack')
  for (const view of ['Dashboard', 'Code', 'Assets', 'Console', 'Builds', 'Profiler', 'Settings']) {
    await expect(page.getByRole('button', { name: view })).toBeVisible()
  }
  await page.screenshot({ path: screenshotPath('shell-dashboard') })
})

test('keyboard shortcuts switch views and Settings holds the team URLs', async ({ page }) => {
  const shell = new ShellPage(page)
  await shell.open(serve.url)
  await page.keyboard.press('Control+,')
  await expect(page.getByTestId('view-settings')).toBeVisible()
  await page.getByTestId('setting-redisUrl').fill('redis://127.0.0.1:6379')
  await page.getByRole('button', { name: 'Save' }).click()
  await expect(page.getByText(/take effect the next time/)).toBeVisible()
  await page.screenshot({ path: screenshotPath('shell-settings') })
  await page.reload()
  await expect(page.getByTestId('setting-redisUrl')).toHaveValue('redis://127.0.0.1:6379')
  await page.keyboard.press('Alt+1')
  await expect(page.getByTestId('view-dashboard')).toBeVisible()
})

test('the server refuses requests without the token', async ({ request }) => {
  const res = await request.get(`${serve.origin}/`)
  expect(res.status()).toBe(401)
  const refused = await new Promise<string>((resolve) => {
    const ws = new WebSocket(`${serve.origin.replace('http', 'ws')}/api`)
    ws.once('unexpected-response', (_req, r) => resolve(`HTTP ${r.statusCode}`))
    ws.once('open', () => resolve('open'))
  })
  expect(refused).toBe('HTTP 401')
})

test('a malformed call gets a validation error, an escaping path is refused, and the page keeps working', async ({ page }) => {
  const shell = new ShellPage(page)
  await shell.open(serve.url)
  const results = await page.evaluate(async (token) => {
    const ws = new WebSocket(`ws://${location.host}/api?token=${token}`)
    await new Promise((r) => (ws.onopen = r))
    const ask = (msg: object) =>
      new Promise<unknown>((resolve) => {
        ws.onmessage = (e) => {
          const m = JSON.parse(String(e.data))
          if (!('event' in m)) resolve(m)
        }
        ws.send(JSON.stringify(msg))
      })
    const bad = await ask({ id: 1, method: 'fs.read', args: { path: { nope: 1 } } })
    const escape = await ask({ id: 2, method: 'fs.read', args: { path: '../../etc/passwd' } })
    const fine = await ask({ id: 3, method: 'project.current', args: {} })
    return { bad, escape, fine }
  }, serve.token)
  expect(results.bad).toMatchObject({ ok: false, error: { code: 'invalid_argument' } })
  expect(results.escape).toMatchObject({ ok: false, error: { code: 'forbidden_path' } })
  expect(results.fine).toMatchObject({ ok: true, result: { productName: 'BoatAttack' } })
  await expect(shell.statusProject()).toHaveText('BoatAttack')
})
