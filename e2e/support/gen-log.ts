import fs from 'node:fs'

/**
 * A synthetic Unity Editor log of `lines` lines with the shapes real logs have: plain lines,
 * Debug.Log entries with managed stack traces and `(Filename: … Line: N)` trailers, warnings,
 * compiler errors and exceptions, CRLF endings. Written in 4 MB pieces so a million lines take a
 * second, not a minute.
 */
export function writeUnityLog(file: string, lines: number): { errors: number; lines: number } {
  const fd = fs.openSync(file, 'w')
  let buf: string[] = []
  let size = 0
  let n = 0
  let errors = 0
  const put = (s: string) => {
    buf.push(s)
    size += s.length + 2
    n++
    if (size > 4_000_000) flush()
  }
  const flush = () => {
    fs.writeSync(fd, buf.join('\r\n') + '\r\n')
    buf = []
    size = 0
  }
  for (let i = 0; n < lines; i++) {
    const k = i % 50
    if (k === 7) {
      put(`Spawned wave ${i} with ${i % 13} boats`)
      put('UnityEngine.Debug:Log (object)')
      put(`BoatAttack.WaveSpawner:Spawn () (at Assets/Scripts/GameSystem/WaveSpawner.cs:${(i % 200) + 1})`)
      put('')
      put(`(Filename: Assets/Scripts/GameSystem/WaveSpawner.cs Line: ${(i % 200) + 1})`)
      put('')
    } else if (k === 19) {
      put(`Assets/Scripts/Boat/Engine.cs(${(i % 90) + 1},13): warning CS0618: 'Rigidbody.velocity' is obsolete`)
    } else if (k === 31) {
      errors++
      put(`Assets/Scripts/Boat/AiController.cs(${(i % 120) + 1},5): error CS0246: The type or namespace name 'Pathfinder${i % 17}' could not be found`)
    } else if (k === 43) {
      put(`NullReferenceException: Object reference not set to an instance of an object`)
      put(`  at BoatAttack.Boat.Update () [0x00012] in Assets/Scripts/Boat/Boat.cs:${(i % 300) + 1}`)
      put('')
    } else {
      put(`[${String(i).padStart(7, '0')}] Refreshing native plugins compatible for Editor in ${(i % 97) / 10} ms, found ${i % 9} plugins.`)
    }
  }
  flush()
  fs.closeSync(fd)
  return { errors, lines: n }
}
