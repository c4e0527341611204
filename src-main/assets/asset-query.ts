import { searchTypesOf } from '../unity/asset-types'

/**
 * Unity's Project-window search syntax, parsed: `t:Material t:Texture` (any of the types),
 * `l:Water` (labels from the .meta), `ref:<guid or path>` (assets that use that asset), and name
 * fragments (every one must occur in the file name; a fragment with `/` is matched against the
 * path). Two SLATE additions: `is:problem` and `is:unused`. Quoted fragments keep their spaces.
 */
export interface AssetQuery {
  types: string[]
  labels: string[]
  refs: string[]
  words: string[]
  problems: boolean
  unused: boolean
}

export function parseAssetQuery(text: string): AssetQuery {
  const q: AssetQuery = { types: [], labels: [], refs: [], words: [], problems: false, unused: false }
  for (const m of text.matchAll(/(\w+:)?"([^"]*)"|(\S+)/g)) {
    const token = m[3] ?? `${m[1] ?? ''}${m[2]}`
    const colon = token.indexOf(':')
    const key = colon > 0 ? token.slice(0, colon).toLowerCase() : ''
    const value = colon > 0 ? token.slice(colon + 1) : token
    if (key === 't' && value) q.types.push(value.toLowerCase())
    else if (key === 'l' && value) q.labels.push(value.toLowerCase())
    else if (key === 'ref' && value) q.refs.push(value)
    else if (key === 'is' && value.toLowerCase() === 'problem') q.problems = true
    else if (key === 'is' && value.toLowerCase() === 'unused') q.unused = true
    else if (token) q.words.push(token.toLowerCase())
  }
  return q
}

/** Does an asset of this type and main class match any of the `t:` names (lower-cased)? */
export function typeMatches(wanted: string[], type: string, mainClass: string | null): boolean {
  if (wanted.length === 0) return true
  const names = searchTypesOf(type, mainClass)
  return wanted.some((w) => names.includes(w))
}
