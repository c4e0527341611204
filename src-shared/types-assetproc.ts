/**
 * What an asset-processing job is and what it reports (src-main/assets/processing). Plain data: it
 * crosses worker threads, the CLI's --json, the API and the farm's JetStream queue unchanged.
 */
export type AssetKind = 'texture' | 'model' | 'audio'
export type TextureFormat = 'png' | 'jpg' | 'webp' | 'ktx2'
export type ModelFormat = 'glb' | 'gltf'
export type AudioFormat = 'wav' | 'mp3' | 'ogg' | 'opus'
export type OutputFormat = TextureFormat | ModelFormat | AudioFormat

/** The files SLATE processes, by extension (lower case, with the dot). */
export const PROCESSABLE_EXTENSIONS: Readonly<Record<string, AssetKind>> = {
  '.png': 'texture', '.jpg': 'texture', '.jpeg': 'texture', '.webp': 'texture', '.tga': 'texture', '.tif': 'texture', '.tiff': 'texture', '.gif': 'texture', '.bmp': 'texture',
  '.fbx': 'model', '.obj': 'model', '.glb': 'model', '.gltf': 'model', '.dae': 'model', '.3ds': 'model', '.ply': 'model', '.stl': 'model',
  '.wav': 'audio', '.mp3': 'audio', '.ogg': 'audio', '.opus': 'audio', '.flac': 'audio', '.aif': 'audio', '.aiff': 'audio', '.m4a': 'audio',
}

export const FORMATS_OF_KIND: Readonly<Record<AssetKind, readonly OutputFormat[]>> = {
  texture: ['png', 'jpg', 'webp', 'ktx2'],
  model: ['glb', 'gltf'],
  audio: ['wav', 'mp3', 'ogg', 'opus'],
}

export interface TextureOptions {
  /** Output format of textures (wins over ProcessOptions.format); absent = the source's (TGA → PNG). */
  format?: TextureFormat
  /** Longest side (fit) or the square side (cover), in pixels. Never enlarges. */
  resize?: number
  fit?: 'fit' | 'cover'
  /** Round each side to the nearest power of two (after resize). */
  powerOfTwo?: boolean
  /** 1-100 for JPEG/WebP; for KTX2 ETC1S it maps to Basis' quality 1-255, for UASTC to level 0-3. */
  quality?: number
  /** Basis Universal codec inside the KTX2: ETC1S (small) or UASTC (high quality). */
  basis?: 'etc1s' | 'uastc'
  mipmaps?: boolean
  /** Normal maps: linear, not sRGB, and Basis' normal-map tuning. */
  normalMap?: boolean
}

export interface ModelOptions {
  /** Output format of models (wins over ProcessOptions.format); default GLB. */
  format?: ModelFormat
  /** One LOD per ratio (0 < r ≤ 1: the share of triangles to keep). */
  lods?: number[]
  /** Largest error the simplifier may add, relative to the mesh size (default 0.01). */
  lodError?: number
  scale?: number
  quantize?: boolean
}

export interface AudioOptions {
  /** Output format of audio (wins over ProcessOptions.format); absent = the source's (FLAC → WAV). */
  format?: AudioFormat
  sampleRate?: number
  channels?: 1 | 2
  /** EBU R128 two-pass loudnorm to this integrated loudness (LUFS). */
  normalize?: boolean
  targetLufs?: number
  /** Bitrate in kbit/s for MP3/Vorbis/Opus. */
  bitrate?: number
}

export interface ProcessOptions {
  /**
   * One output format for the kind it belongs to (a mixed selection keeps the other kinds' own);
   * texture.format / model.format / audio.format set one per kind. Absent = keep the source's
   * format (TGA → PNG, FBX/OBJ → GLB).
   */
  format?: OutputFormat
  texture?: TextureOptions
  model?: ModelOptions
  audio?: AudioOptions
}

/** Figures shown before/after: what a person needs to decide whether to replace a source. */
export interface AssetFigures {
  bytes: number
  width?: number
  height?: number
  triangles?: number
  durationSeconds?: number
  sampleRate?: number
  channels?: number
  /** Integrated loudness, LUFS (EBU R128). */
  loudness?: number
}

/** One file a processor made. `name` follows the source's stem: `webp`, `lod1.glb` → `<stem>.webp`, `<stem>.lod1.glb`. */
export interface ProducedFile {
  name: string
  data: Uint8Array
  figures: AssetFigures
  /** LOD index for models (0 = the full mesh after cleanup). */
  lod?: number
  ratio?: number
}

export interface ProcessedAsset {
  kind: AssetKind
  before: AssetFigures
  outputs: ProducedFile[]
  /** How the work was done (encoder, tool), for the log and the README's claims. */
  notes: string[]
}

/** The outcome of one file in a batch. */
export interface FileOutcome {
  source: string
  kind: AssetKind | null
  ok: boolean
  error?: string
  before?: AssetFigures
  outputs: Array<{ path: string; figures: AssetFigures; lod?: number; ratio?: number; meta?: string }>
  ms: number
  /** Set in the history once an output replaced this source (Replace source…). */
  replaced?: { at: string; replacedBy: string; guid: string | null; backupDir: string }
}

export interface BatchProgress {
  batchId: string
  done: number
  failed: number
  total: number
  /** Set on a per-file event. */
  file?: FileOutcome
  /** 'started' | 'file' (one finished) | 'finished' | 'cancelled' */
  phase: 'started' | 'file' | 'finished' | 'cancelled'
  /** On 'started': hidden temp files of killed earlier batches removed from the output folders. */
  sweptTemps?: number
}
