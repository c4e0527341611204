import fs from 'node:fs'
import path from 'node:path'

/**
 * A bumpy n×n grid as OBJ text (two triangles per cell), enough for the simplifier to have
 * something to do. Returns its triangle count, which tests compare with what SLATE reports.
 */
export function writeGridObj(file: string, n: number): number {
  const lines: string[] = []
  for (let y = 0; y <= n; y++) for (let x = 0; x <= n; x++) lines.push(`v ${x / n} ${Math.sin(x / 3) * Math.cos(y / 5) * 0.02} ${y / n}`)
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      const a = y * (n + 1) + x + 1
      lines.push(`f ${a} ${a + 1} ${a + n + 2}`, `f ${a} ${a + n + 2} ${a + n + 1}`)
    }
  }
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, lines.join('\n'))
  return n * n * 2
}
