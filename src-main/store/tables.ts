import type * as D from '../../src-shared/types-data'
import { defineRepository, type TableSpec } from './repository'

/**
 * The repositories of SLATE's tables. Each is a set of functions taking a Queryable first (a pool,
 * a transaction, the embedded or the team database), so the same code serves every mode; the
 * DataStore (./data-store.ts) adds caching, events and offline routing on top.
 */

const ts = { createdAt: 'created_at', updatedAt: 'updated_at', deletedAt: 'deleted_at' } as const

// --- projects --------------------------------------------------------------------------------
export interface ProjectCreate {
  id?: string
  name: string
  description?: string
  ownerId: string
  settings?: D.JsonObject
}
export type ProjectPatch = Partial<Pick<D.Project, 'name' | 'description' | 'ownerId' | 'settings'>>
export interface ProjectFilter {
  ownerId?: string
  /** case-insensitive substring of the name */
  name?: string
}
const projectSpec: TableSpec<D.Project> = {
  table: 'slate_projects',
  columns: { id: 'id', name: 'name', description: 'description', ownerId: 'owner_id', settings: 'settings', ...ts },
  jsonFields: ['settings'],
  insertable: ['id', 'name', 'description', 'ownerId', 'settings'],
  updatable: ['name', 'description', 'ownerId', 'settings'],
  softDelete: true,
  hasUpdatedAt: true,
  filters: { ownerId: { column: 'owner_id', op: 'eq' }, name: { column: 'name', op: 'ilike' } },
  order: 'updated_at DESC, id',
}
export const projects = defineRepository<D.Project, ProjectCreate, ProjectPatch, ProjectFilter>(projectSpec)

// --- files -----------------------------------------------------------------------------------
export interface FileCreate {
  id?: string
  projectId: string
  path: string
  content?: string | null
  contentRef?: string | null
  size?: number | string
  mimeType?: string
  encoding?: D.FileRecord['encoding']
}
export type FilePatch = Partial<Pick<FileCreate, 'path' | 'content' | 'contentRef' | 'size' | 'mimeType' | 'encoding'>>
export interface FileFilter {
  projectId?: string
  path?: string
  /** case-insensitive substring of the path */
  pathContains?: string
}
export const files = defineRepository<D.FileRecord, FileCreate, FilePatch, FileFilter>({
  table: 'slate_files',
  belongsToProject: true,
  columns: {
    id: 'id', projectId: 'project_id', path: 'path', content: 'content', contentRef: 'content_ref', size: 'size',
    mimeType: 'mime_type', encoding: 'encoding', ...ts,
  },
  jsonFields: [],
  insertable: ['id', 'projectId', 'path', 'content', 'contentRef', 'size', 'mimeType', 'encoding'],
  updatable: ['path', 'content', 'contentRef', 'size', 'mimeType', 'encoding'],
  softDelete: true,
  hasUpdatedAt: true,
  filters: {
    projectId: { column: 'project_id', op: 'eq' },
    path: { column: 'path', op: 'eq' },
    pathContains: { column: 'path', op: 'ilike' },
  },
  order: 'path, id',
})

// --- assets ----------------------------------------------------------------------------------
export interface AssetCreate {
  id?: string
  projectId: string
  fileId?: string | null
  guid?: string | null
  type: string
  metadata?: D.JsonObject
}
export type AssetPatch = Partial<Pick<AssetCreate, 'fileId' | 'guid' | 'type' | 'metadata'>>
export interface AssetFilter {
  projectId?: string
  type?: string | string[]
  guid?: string | string[]
  fileId?: string
}
export const assets = defineRepository<D.Asset, AssetCreate, AssetPatch, AssetFilter>({
  table: 'slate_assets',
  belongsToProject: true,
  columns: { id: 'id', projectId: 'project_id', fileId: 'file_id', guid: 'guid', type: 'type', metadata: 'metadata', ...ts },
  jsonFields: ['metadata'],
  insertable: ['id', 'projectId', 'fileId', 'guid', 'type', 'metadata'],
  updatable: ['fileId', 'guid', 'type', 'metadata'],
  softDelete: true,
  hasUpdatedAt: true,
  filters: {
    projectId: { column: 'project_id', op: 'eq' },
    type: { column: 'type', op: 'eq' },
    guid: { column: 'guid', op: 'eq' },
    fileId: { column: 'file_id', op: 'eq' },
  },
  order: 'created_at, id',
})

// --- runtime sessions ------------------------------------------------------------------------
export interface RuntimeSessionCreate {
  id?: string
  projectId: string
  userId: string
  runtimeType: D.RuntimeType
  status?: D.RuntimeStatus
  containerId?: string | null
  containerConfig?: D.JsonObject
  startedAt?: string | null
  metadata?: D.JsonObject
}
export type RuntimeSessionPatch = Partial<
  Pick<D.RuntimeSession, 'status' | 'containerId' | 'containerConfig' | 'startedAt' | 'stoppedAt' | 'errorMessage' | 'metadata'>
>
export interface RuntimeSessionFilter {
  projectId?: string
  userId?: string
  status?: D.RuntimeStatus | D.RuntimeStatus[]
  runtimeType?: D.RuntimeType
}
export const runtimeSessions = defineRepository<D.RuntimeSession, RuntimeSessionCreate, RuntimeSessionPatch, RuntimeSessionFilter>({
  table: 'slate_runtime_sessions',
  belongsToProject: true,
  columns: {
    id: 'id', projectId: 'project_id', userId: 'user_id', runtimeType: 'runtime_type', status: 'status',
    containerId: 'container_id', containerConfig: 'container_config', startedAt: 'started_at', stoppedAt: 'stopped_at',
    errorMessage: 'error_message', metadata: 'metadata', ...ts,
  },
  jsonFields: ['containerConfig', 'metadata'],
  insertable: ['id', 'projectId', 'userId', 'runtimeType', 'status', 'containerId', 'containerConfig', 'startedAt', 'metadata'],
  updatable: ['status', 'containerId', 'containerConfig', 'startedAt', 'stoppedAt', 'errorMessage', 'metadata'],
  softDelete: true,
  hasUpdatedAt: true,
  filters: {
    projectId: { column: 'project_id', op: 'eq' },
    userId: { column: 'user_id', op: 'eq' },
    status: { column: 'status', op: 'eq' },
    runtimeType: { column: 'runtime_type', op: 'eq' },
  },
  order: 'created_at DESC, id',
})

// --- build jobs ------------------------------------------------------------------------------
export interface BuildJobCreate {
  id?: string
  projectId: string
  userId: string
  buildType: D.BuildType
  targetPlatform: D.BuildTarget
  status?: D.BuildStatus
  sourceCommit?: string | null
  outputPath?: string | null
  metadata?: D.JsonObject
}
export type BuildJobPatch = Partial<
  Pick<
    D.BuildJob,
    'status' | 'sourceCommit' | 'outputPath' | 'errorMessage' | 'progress' | 'startedAt' | 'completedAt' | 'metadata' | 'totalSize' | 'durationMs'
  >
>
export interface BuildJobFilter {
  projectId?: string
  userId?: string
  status?: D.BuildStatus | D.BuildStatus[]
  buildType?: D.BuildType
  targetPlatform?: D.BuildTarget | D.BuildTarget[]
  /** ISO timestamp: jobs created at or after */
  createdAfter?: string
}
export const buildJobs = defineRepository<D.BuildJob, BuildJobCreate, BuildJobPatch, BuildJobFilter>({
  table: 'slate_build_jobs',
  belongsToProject: true,
  columns: {
    id: 'id', projectId: 'project_id', userId: 'user_id', status: 'status', buildType: 'build_type',
    targetPlatform: 'target_platform', sourceCommit: 'source_commit', outputPath: 'output_path', errorMessage: 'error_message',
    progress: 'progress', startedAt: 'started_at', completedAt: 'completed_at', metadata: 'metadata', totalSize: 'total_size',
    durationMs: 'duration_ms', ...ts,
  },
  jsonFields: ['metadata'],
  insertable: ['id', 'projectId', 'userId', 'buildType', 'targetPlatform', 'status', 'sourceCommit', 'outputPath', 'metadata'],
  updatable: ['status', 'sourceCommit', 'outputPath', 'errorMessage', 'progress', 'startedAt', 'completedAt', 'metadata', 'totalSize', 'durationMs'],
  softDelete: true,
  hasUpdatedAt: true,
  filters: {
    projectId: { column: 'project_id', op: 'eq' },
    userId: { column: 'user_id', op: 'eq' },
    status: { column: 'status', op: 'eq' },
    buildType: { column: 'build_type', op: 'eq' },
    targetPlatform: { column: 'target_platform', op: 'eq' },
    createdAfter: { column: 'created_at', op: 'gte' },
  },
  order: 'created_at DESC, id',
})

// --- build steps (from the BuildReport) ------------------------------------------------------
export interface BuildStepCreate {
  id?: string
  jobId: string
  stepIndex: number
  name: string
  depth?: number
  durationMs?: number | string
  status?: D.BuildStepStatus
}
export const buildSteps = defineRepository<D.BuildStep, BuildStepCreate, Partial<Pick<D.BuildStep, 'name' | 'durationMs' | 'status'>>, { jobId?: string }>({
  table: 'slate_build_steps',
  columns: {
    id: 'id', jobId: 'job_id', stepIndex: 'step_index', name: 'name', depth: 'depth', durationMs: 'duration_ms',
    status: 'status', createdAt: 'created_at', updatedAt: 'updated_at',
  },
  jsonFields: [],
  insertable: ['id', 'jobId', 'stepIndex', 'name', 'depth', 'durationMs', 'status'],
  updatable: ['name', 'durationMs', 'status'],
  softDelete: false,
  hasUpdatedAt: true,
  filters: { jobId: { column: 'job_id', op: 'eq' } },
  order: 'job_id, step_index',
})
