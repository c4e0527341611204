import { useEffect, useRef, useState } from 'react'
import type { AssetFolder, AssetListItem } from '../../src-shared/types-ui'
import { ErrorBox } from '../components/EmptyState'
import { AssetGrid, type MarkGesture } from '../assets/AssetGrid'
import { ProcessDialog, type ProcessSelection } from '../assets/process/ProcessDialog'
import { processButtonLabel, processSelection } from '../assets/process/selection'
import { AssetPreview } from '../assets/AssetPreview'
import { FolderTree } from '../assets/FolderTree'
import { useAssetPages } from '../assets/useAssetPages'
import { useCall, useClient, useEvent } from '../state/client'
import { PackagesNotice } from '../assets/PackagesNotice'
import { useKeybinding } from '../keys/keybindings'
import { useNavigation } from '../state/navigation'

// Where the user was, kept across view switches.
const remembered = { folder: 'Assets' as string | null, query: '', mode: 'grid' as 'grid' | 'list', selected: null as string | null }
const OPENS_IN_EDITOR = new Set(['Script', 'Shader', 'ShaderInclude', 'ComputeShader', 'AssemblyDefinition', 'AssemblyDefinitionReference', 'Text'])
const parentOf = (p: string) => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : null)

export default function AssetsView() {
  const client = useClient()
  const { current, navigate } = useNavigation()
  // A link with a query (the dashboard's problems, a type bar) searches the whole project, as its count does.
  const [folder, setFolder] = useState<string | null>(current.query !== undefined && !current.asset ? null : remembered.folder)
  // A deep link's query applies from the first render: no wasted search for the previous one.
  const [query, setQuery] = useState(current.query ?? remembered.query)
  const [typed, setTyped] = useState(current.query ?? remembered.query)
  const [mode, setMode] = useState(remembered.mode)
  const [selected, setSelected] = useState<string | null>(remembered.selected)
  const [tick, setTick] = useState(0)
  const [folders, setFolders] = useState<AssetFolder[]>([])
  const [navError, setNavError] = useState<string | null>(null)
  const searchBox = useRef<HTMLInputElement>(null)
  // Marked for a batch (Ctrl/⌘+click, Shift+click, Ctrl/⌘+A); cleared by a plain click or a new search.
  const [marked, setMarked] = useState<ReadonlySet<string>>(new Set())
  const anchor = useRef<string | null>(null)
  const [processing, setProcessing] = useState<ProcessSelection | null>(null)
  const project = useCall('project.current', {})
  Object.assign(remembered, { folder, query, mode, selected })
  useEffect(() => setMarked(new Set()), [query, folder])

  useEffect(() => {
    client.call('assets.tree', {}).then(setFolders, () => undefined)
  }, [client, tick])
  const summary = useCall('unity.index.summary', {})
  useEvent('index.changed', () => (setTick((t) => t + 1), summary.reload()))

  // Typing searches 120 ms after the last key.
  useEffect(() => {
    const t = setTimeout(() => setQuery(typed.trim()), 120)
    return () => clearTimeout(t)
  }, [typed])

  // `{view:'assets', asset}` from anywhere (a YAML link, a dependency, the dashboard): select it in its folder.
  useEffect(() => {
    if (current.query !== undefined) {
      setTyped(current.query)
      setQuery(current.query)
      if (!current.asset) setFolder(null)
    }
    if (!current.asset) return
    let live = true
    setNavError(null)
    client.call('unity.asset.get', { asset: current.asset }).then(
      (a) => {
        if (!live) return
        setSelected(a.path)
        if (current.query === undefined) {
          setTyped('')
          setQuery('')
          setFolder(parentOf(a.path))
        }
      },
      (err: unknown) => live && setNavError(`${current.asset} is not an asset of this project${err instanceof Error ? ` (${err.message})` : ''}.`),
    )
    return () => {
      live = false
    }
  }, [client, current])

  // Focus lands in the search box when the view opens (what an artist does first), unless a link
  // brought us to a specific asset: then the grid, so the arrow keys move from it.
  useEffect(() => {
    if (current.asset) document.querySelector<HTMLElement>('[data-testid="asset-grid"]')?.focus()
    else searchBox.current?.focus()
  }, [])

  // Ctrl/Cmd+F focuses the search, as in Unity's Project window.
  useKeybinding('assets.focusSearch', () => searchBox.current?.focus())

  const pages = useAssetPages(query, folder, tick)
  const mark = (a: AssetListItem | null, how: MarkGesture) => {
    if (how === 'all') {
      const all = new Set<string>()
      for (let i = 0; i < pages.total; i++) {
        const it = pages.item(i)
        if (it) all.add(it.path)
      }
      return setMarked(all)
    }
    if (!a) return
    const next = new Set(marked.size || !selected ? marked : [selected])
    const from = anchor.current ? pages.indexOf(anchor.current) : -1
    if (how === 'range' && from >= 0) {
      const to = pages.indexOf(a.path)
      for (let i = Math.min(from, to); i <= Math.max(from, to); i++) {
        const it = pages.item(i)
        if (it) next.add(it.path)
      }
    } else if (next.has(a.path)) next.delete(a.path)
    else next.add(a.path)
    anchor.current = a.path
    setMarked(next)
  }
  const openProcess = () => {
    if (project.data) setProcessing(processSelection(client, marked, query, folder))
  }
  // Alt+P: Process… for the marked assets (or what the grid shows).
  useKeybinding('assets.process', openProcess)
  const hasFlag = (flag: string) => query.split(/\s+/).includes(flag)
  const toggleFlag = (flag: string) => {
    const next = hasFlag(flag) ? typed.split(/\s+/).filter((w) => w && w !== flag).join(' ') : `${typed.trim()} ${flag}`.trim()
    setTyped(next)
    setQuery(next)
  }
  const go = (path: string) => navigate({ view: 'assets', asset: path })
  return (
    <div className="assets-view" data-testid="view-assets">
      <aside className="assets-side">
        <div className="panel-title">Folders</div>
        <FolderTree folders={folders} selected={folder} onSelect={(p) => setFolder(p)} />
      </aside>
      <section className="assets-main">
        <div className="assets-toolbar">
          <input
            ref={searchBox}
            className="asset-search"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            onKeyDown={(e) => e.key === 'Enter' && setQuery(typed.trim())}
            placeholder="Search: name  t:Material  l:label  ref:<guid|path>"
            aria-label="Search assets"
            data-testid="asset-search"
          />
          <button className={`toggle${hasFlag('is:problem') ? ' on' : ''}`} onClick={() => toggleFlag('is:problem')} data-testid="asset-filter-problems" title="LFS pointers, orphan .meta files, missing references… (references into packages not on this machine are not problems: they cannot be checked)">
            Problems
          </button>
          <button className={`toggle${hasFlag('is:unused') ? ' on' : ''}`} onClick={() => toggleFlag('is:unused')} data-testid="asset-filter-unused" title="Nothing references them and they are not in a build scene or Resources/">
            Unused
          </button>
          <span className="toolbar-sep" />
          <button className="toggle" onClick={openProcess} disabled={!project.data} data-testid="asset-process" title="Resize, convert and compress textures, make LODs of models, normalise audio (Alt+P). Ctrl/⌘+click or Shift+click marks assets; without marks it applies to what the grid shows.">
            {processButtonLabel(marked, query, folder)}
          </button>
          <span className="toolbar-sep" />
          <button className={`toggle${mode === 'grid' ? ' on' : ''}`} onClick={() => setMode('grid')} aria-pressed={mode === 'grid'}>
            Grid
          </button>
          <button className={`toggle${mode === 'list' ? ' on' : ''}`} onClick={() => setMode('list')} aria-pressed={mode === 'list'}>
            List
          </button>
        </div>
        <div className="assets-status small muted" data-testid="asset-status">
          {pages.loading && pages.total === 0
            ? 'Indexing the project…'
            : `${pages.total.toLocaleString()} ${query ? `results${folder ? ` in ${folder}` : ''}` : `items in ${folder ?? 'the project'}`}${pages.ms !== null ? ` · ${pages.ms} ms` : ''}`}
          {query && folder && (
            <button className="link-button small" onClick={() => setFolder(null)}>
              Search the whole project
            </button>
          )}
        </div>
        <PackagesNotice summary={summary.data} onFetched={() => (summary.reload(), setTick((t) => t + 1))} />
        {hasFlag('is:unused') && (
          <div className="banner banner-warn small" data-testid="unused-caveat">
            <span>
              “Unused” means no scene, prefab or other asset references it and it is not in a build scene or a Resources/ folder. Code can still load assets by name (Resources.Load, Addressables, AssetBundles): check before deleting.
            </span>
          </div>
        )}
        {navError && <ErrorBox error={{ message: navError }} />}
        {pages.error && <ErrorBox error={{ message: pages.error }} />}
        {!pages.loading && pages.total === 0 && !pages.error && <div className="muted assets-empty">{query ? 'No asset matches. Types are Unity’s: t:Texture, t:Prefab, t:Material, t:Scene, t:Script…' : 'This folder is empty.'}</div>}
        <AssetGrid
          pages={pages}
          mode={mode}
          selected={selected}
          onSelect={(a) => {
            setSelected(a.path)
            anchor.current = a.path
            if (marked.size) setMarked(new Set())
          }}
          marked={marked}
          onMark={mark}
          onOpen={(a) => {
            // Double-click / Enter: into a folder; code and shaders open in the editor, as Unity opens them in the IDE.
            if (a.type === 'Folder') {
              setFolder(a.path)
              setTyped('')
              setQuery('')
            } else if (OPENS_IN_EDITOR.has(a.type) && a.storage !== 'binary' && a.storage !== 'lfs' && !a.package) navigate({ view: 'code', path: a.path })
            else setSelected(a.path)
          }}
        />
      </section>
      <aside className="assets-detail">
        {selected ? (
          <AssetPreview asset={selected} version={tick} problems={pages.item(pages.indexOf(selected))?.problems} onGo={go} onOpenCode={(p) => navigate({ view: 'code', path: p })} onFindRefs={(g) => (setFolder(null), setTyped(`ref:${g}`), setQuery(`ref:${g}`))} />
        ) : (
          <div className="muted small asset-hint">Select an asset to see its GUID, importer settings, problems, what it uses and what uses it.</div>
        )}
      </aside>
      {processing && project.data && <ProcessDialog root={project.data.root} selection={processing} onClose={() => (setProcessing(null), setTick((t) => t + 1))} />}
    </div>
  )
}
