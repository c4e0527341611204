import fs from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { hostileArea, makeFifo, type HostileArea } from '../testing/hostile-fs'
import { readTextFile, saveTextFile } from './text-file'
import { decodeText, encodeText } from './text-format'

let area: HostileArea
beforeEach(() => {
  area = hostileArea()
})
afterEach(() => area.cleanup())

const BOM = Buffer.from([0xef, 0xbb, 0xbf])
const abs = (rel: string) => path.join(area.project, rel)

describe('files are saved as they were', () => {
  it('round-trips a BOM + CRLF C# script byte for byte, and an edit changes only the edited line', async () => {
    const original = Buffer.concat([BOM, Buffer.from('using UnityEngine;\r\n\r\npublic class A : MonoBehaviour {\r\n  int x = 1;\r\n}\r\n')])
    fs.writeFileSync(abs('Assets/A.cs'), original)
    const snap = await readTextFile(area.project, abs('Assets/A.cs'), 'Assets/A.cs')
    expect(snap).toMatchObject({ bom: true, eol: 'crlf', finalNewline: true })
    expect(snap.content.startsWith('using')).toBe(true) // the BOM is not text
    // What the editor hands back: no BOM (Monaco drops it), and here LF line endings.
    const editorText = snap.content.replace(/\r\n/g, '\n')
    const same = await saveTextFile(area.project, abs('Assets/A.cs'), 'Assets/A.cs', { content: editorText, baseHash: snap.hash })
    expect(fs.readFileSync(abs('Assets/A.cs')).equals(original)).toBe(true)
    expect(same.hash).toBe(snap.hash)
    await saveTextFile(area.project, abs('Assets/A.cs'), 'Assets/A.cs', { content: editorText.replace('x = 1', 'x = 2'), baseHash: same.hash })
    const after = fs.readFileSync(abs('Assets/A.cs'))
    expect(after.subarray(0, 3).equals(BOM)).toBe(true)
    expect(after.toString('utf8').slice(1)).toBe('using UnityEngine;\r\n\r\npublic class A : MonoBehaviour {\r\n  int x = 2;\r\n}\r\n')
  })

  it('keeps LF files LF, leaves a mixed file as sent, and writes a new file as given', async () => {
    expect(encodeText('a\r\nb\n', decodeText(Buffer.from('x\ny\n')).format).toString()).toBe('a\nb\n')
    expect(encodeText('a\r\nb\n', decodeText(Buffer.from('x\r\ny\n')).format).toString()).toBe('a\r\nb\n')
    expect(encodeText('a', decodeText(Buffer.from('x\r\n')).format).toString()).toBe('a') // removing the final newline is an edit
    await saveTextFile(area.project, abs('Assets/New.cs'), 'Assets/New.cs', { content: 'a\r\nb', baseHash: null })
    expect(fs.readFileSync(abs('Assets/New.cs'), 'utf8')).toBe('a\r\nb')
  })
})

describe('files.open / files.save stay inside the project', () => {
  it('refuses a new file under a folder link that points outside the project', async () => {
    fs.symlinkSync(area.outside, abs('Assets/evil'))
    await expect(saveTextFile(area.project, abs('Assets/evil/new.cs'), 'Assets/evil/new.cs', { content: 'x', baseHash: null })).rejects.toMatchObject({
      code: 'forbidden_path',
    })
    expect(area.outsideSnapshot()).toEqual({ 'victim.txt': 'untouched\n' })
  })

  it('opens no FIFO (it would block a pool thread for ever) and saves none', async () => {
    makeFifo(abs('Assets/Pipe.cs'))
    await expect(readTextFile(area.project, abs('Assets/Pipe.cs'), 'Assets/Pipe.cs')).rejects.toThrow('"Assets/Pipe.cs" is a FIFO (named pipe)')
    await expect(saveTextFile(area.project, abs('Assets/Pipe.cs'), 'Assets/Pipe.cs', { content: 'x', baseHash: null, force: true })).rejects.toThrow(/FIFO/)
  })

  it('a file created while the editor held a new buffer is not replaced', async () => {
    const pending = saveTextFile(area.project, abs('Assets/B.cs'), 'Assets/B.cs', { content: 'mine', baseHash: null })
    await pending
    await expect(saveTextFile(area.project, abs('Assets/B.cs'), 'Assets/B.cs', { content: 'again', baseHash: null })).rejects.toMatchObject({ code: 'conflict' })
    expect(fs.readFileSync(abs('Assets/B.cs'), 'utf8')).toBe('mine')
  })
})
