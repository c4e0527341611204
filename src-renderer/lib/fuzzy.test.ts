import { describe, expect, it } from 'vitest'
import { FuzzyIndex, matchPositions, splitPosition } from './fuzzy'

const files = [
  'Assets/Scripts/GameSystem/AppSettings.cs',
  'Assets/Scripts/Boat/BoatController.cs',
  'Assets/Scripts/Boat/Engine.cs',
  'Assets/Scripts/Boat/AiController.cs',
  'Assets/Materials/Boat/BoatBody.mat',
  'Packages/com.verasl.water-system/Scripts/Water.cs',
]

describe('FuzzyIndex', () => {
  it('ranks file-name matches and word starts first', () => {
    const idx = new FuzzyIndex(files)
    expect(files[idx.search('bc')[0].index]).toBe('Assets/Scripts/Boat/BoatController.cs')
    expect(files[idx.search('engine')[0].index]).toBe('Assets/Scripts/Boat/Engine.cs')
    expect(files[idx.search('aicon')[0].index]).toBe('Assets/Scripts/Boat/AiController.cs')
    expect(idx.search('water')[0].index).toBe(5)
  })

  it('narrows incrementally and widens again when the query shrinks', () => {
    const idx = new FuzzyIndex(files)
    expect(idx.search('bo').length).toBe(4)
    expect(idx.search('boatbody').length).toBe(1)
    expect(idx.search('bo').length).toBe(4)
    expect(idx.search('zzz')).toEqual([])
  })

  it('stays fast on 100k paths', () => {
    const many = Array.from({ length: 100_000 }, (_, i) => `Assets/Generated/Folder${i % 500}/Asset_${i}_${i % 7 === 0 ? 'Rock' : 'Tree'}.prefab`)
    const idx = new FuzzyIndex(many)
    const res = idx.search('asset14rock')
    expect(res.length).toBeGreaterThan(0)
    expect(many[res[0].index]).toMatch(/Rock/)
  })

  it('highlights and parses positions', () => {
    expect(matchPositions('bc', 'Assets/Boat/BoatController.cs')).toEqual([12, 16])
    expect(splitPosition('Player.cs:12:5')).toEqual({ text: 'Player.cs', line: 12, column: 5 })
    expect(splitPosition('Assets/X.cs(12,5)')).toEqual({ text: 'Assets/X.cs', line: 12, column: 5 })
    expect(splitPosition('Player.cs')).toEqual({ text: 'Player.cs' })
  })
})
