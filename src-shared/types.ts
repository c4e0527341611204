/** Result and event payload types of the API contract. Plain data only: these cross IPC and WebSocket. */

export type ConnectionMode = 'embedded' | 'team'
export type ServiceState = 'ok' | 'degraded' | 'down' | 'disabled' | 'starting'

export interface ServiceHealth {
  state: ServiceState
  /** What is behind it: "embedded PostgreSQL 18 on :54012", "redis://…", "in-process bus". */
  detail: string
  latencyMs?: number
  error?: string
}

export interface HealthReport {
  mode: ConnectionMode
  database: ServiceHealth
  cache: ServiceHealth
  bus: ServiceHealth
  docker: ServiceHealth
  /** Changes written while the team server was unreachable, waiting in the outbox. */
  pendingSync: number
  checkedAt: string
}

export interface AppInfo {
  name: 'SLATE'
  version: string
  runtime: 'electron' | 'serve' | 'cli'
  mode: ConnectionMode
  platform: string
}

export interface ProjectSummary {
  root: string
  /** Folder name: what a person calls the project before ProjectSettings is read. */
  folderName: string
  /** productName from ProjectSettings.asset, when readable. */
  productName: string | null
  companyName: string | null
  unityVersion: string | null
  unityRevision: string | null
}

export interface RecentProject {
  root: string
  name: string
  openedAt: string
}

export interface Settings {
  databaseUrl?: string
  redisUrl?: string
  natsUrl?: string
  unityPath?: string
}

export interface FileContent {
  path: string
  content: string
  size: number
  mtimeMs: number
  encoding: 'utf8'
}

export interface DirEntry {
  name: string
  path: string
  kind: 'file' | 'dir'
  size: number
}
