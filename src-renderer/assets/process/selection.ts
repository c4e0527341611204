import type { SlateClient } from '../../../src-shared/contract'
import { kindOfPath } from './figures'
import type { ProcessSelection } from './ProcessDialog'

/**
 * What Process… applies to: the marked assets when there are any, else everything the grid
 * shows — every result of the search (all pages, processable files only), or the folder and its
 * sub-folders when there is no search.
 */
const PAGE = 500
const MAX = 100_000

export function processSelection(client: SlateClient, marked: ReadonlySet<string>, query: string, folder: string | null): ProcessSelection {
  if (marked.size) {
    const paths = [...marked]
    return { label: `${paths.length} selected asset${paths.length === 1 ? '' : 's'}`, paths: async () => paths }
  }
  if (!query) {
    const where = folder ?? 'Assets'
    return { label: `everything in ${where}`, paths: async () => [where] }
  }
  return {
    label: `the results of “${query}”${folder ? ` in ${folder}` : ''}`,
    paths: async () => {
      const out: string[] = []
      for (let offset = 0; offset < MAX; offset += PAGE) {
        const page = await client.call('assets.search', { query, folder, offset, limit: PAGE })
        for (const a of page.items) if (a.type !== 'Folder' && !a.package && kindOfPath(a.path)) out.push(a.path)
        if (offset + PAGE >= page.total) break
      }
      return out
    },
  }
}

export function processButtonLabel(marked: ReadonlySet<string>, query: string, folder: string | null): string {
  if (marked.size) return `Process ${marked.size} selected…`
  return query ? 'Process results…' : `Process ${folder ?? 'Assets'}…`
}
