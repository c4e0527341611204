/** Plain types of the live link and the Profiler that cross the contract (src-shared/contract-link.ts). */

export type PlayMode = 'edit' | 'playing' | 'paused'

export interface LinkStateInfo {
  playMode: PlayMode
  compiling: boolean
  timeScale: number
  targetFrameRate: number
  frame: number
}

export interface LinkCounterInfo {
  id: number
  name: string
  category: string
  /** frame times arrive as ns from some Unity versions: the core converts them to ms at ingest */
  unit: 'ms' | 'bytes' | 'count' | 'percent'
}

/** One connected (or recently disconnected) Unity process = one runtime session. */
export interface LinkSessionInfo {
  sessionId: string
  label: string
  kind: 'editor' | 'player'
  unityVersion: string | null
  platform: string | null
  device: string | null
  productName: string | null
  pid: number | null
  development: boolean | null
  connected: boolean
  startedAt: string
  stoppedAt: string | null
  state: LinkStateInfo
  counters: LinkCounterInfo[]
  framesReceived: number
  logLines: number
  droppedLogs: number
  badMessages: number
  reconnects: number
  /** the console source that shows this process's log */
  consoleSourceId: string | null
}

export interface LinkStatus {
  listening: boolean
  url: string | null
  /** project-relative path of the discovery file the Editor reads */
  discoveryFile: string | null
  sessions: LinkSessionInfo[]
  /** messages from sockets that never said hello */
  badBeforeHello: number
  /** ProjectSettings/SlateLinkAllowList.json */
  allowList: LinkAllowList
  problem: string | null
}

export interface LinkAllowList {
  methods: string[]
  menus: string[]
}

export interface LinkCommandResult {
  ok: boolean
  result: unknown
  error: string | null
  ms: number
}

/** A batch of frames as the renderer receives it: values per counter id, frame times in ms. */
export interface LinkFramesEvent {
  sessionId: string
  /** Unity frame numbers */
  index: number[]
  /** wall clock (ms since epoch) each frame reached the core */
  received: number[]
  /** counter id → values aligned to index (null = not sampled) */
  series: Record<string, (number | null)[]>
}

export interface LinkStateEvent {
  sessionId: string
  state: LinkStateInfo
  connected: boolean
}

export interface LinkCompileEvent {
  sessionId: string
  phase: 'started' | 'assembly' | 'finished'
  assembly: string | null
  errors: number
  messages: { type: 'error' | 'warning' | 'info'; message: string; file: string | null; line: number | null; column: number | null }[]
}
