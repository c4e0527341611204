import { BUILD_STAGES, type BuildStageId } from '../../src-shared/types-builds'

/**
 * Unity's log markers, in the order a player build passes them. A marker moves the build to its
 * stage; stages never go back (Unity recompiles scripts late in some builds, and an Android build
 * prints "Compiling Scripts" twice), so a late marker of an earlier stage is ignored.
 *
 * Sources: `DisplayProgressbar: <title>` lines (batch mode logs every progress bar title),
 * `*** Completed '…'` lines of the Bee build backend, compiler lines and the final result line.
 */
const MARKERS: { stage: BuildStageId; pattern: RegExp }[] = [
  { stage: 'finalize', pattern: /^(?:Build Finished, Result:|Build completed with a result of|Build Report$|\*\*\* Completed 'Build\.Player)/ },
  {
    stage: 'executable',
    pattern: /^DisplayProgressbar: (?:Building Gradle project|Create(?:ing)? executable|Build(?:ing)? player|Postprocess|Moving output|Copying|Compiling native|Building Xcode|Linking)/i,
  },
  { stage: 'optimize', pattern: /^(?:DisplayProgressbar: (?:Optimiz|Strip|Running UnityLinker|IL2CPP|Converting managed assemblies)|\*\*\* Completed '.*(?:UnityLinker|il2cpp))/i },
  {
    stage: 'package',
    pattern: /^DisplayProgressbar: (?:Packaging assets|Package|Writing asset files|Packing|Building resources|Validate Gradle Project|Calling IPostGenerateGradle)/i,
  },
  { stage: 'bundles', pattern: /^DisplayProgressbar: (?:Building scene|Build asset bundle|Building asset bundle|Prepar(?:e|ing) assets|Incremental Player Build|Compiling shader|Building player data)/i },
  {
    stage: 'compile',
    pattern: /^(?:DisplayProgressbar: Compiling Scripts|\[ScriptCompilation\]|- Starting script compilation|-----CompilerOutput|.*\(\d+,\d+\): error CS\d+:)/,
  },
]

export interface StageChange {
  stage: BuildStageId
  label: string
  progress: number
  marker: string
}

export class StageTracker {
  private index = -1

  /** The stage at start-up: SLATE is preparing before Unity prints anything. */
  start(): StageChange {
    return this.moveTo('prepare', 'process started')!
  }

  get current(): BuildStageId | null {
    return this.index >= 0 ? BUILD_STAGES[this.index].id : null
  }

  /** Feed a log line; returns a change when the line moves the build forward. */
  line(line: string): StageChange | null {
    for (const m of MARKERS) {
      if (m.pattern.test(line)) return this.moveTo(m.stage, line)
    }
    return null
  }

  private moveTo(stage: BuildStageId, marker: string): StageChange | null {
    const i = BUILD_STAGES.findIndex((s) => s.id === stage)
    if (i <= this.index) return null
    this.index = i
    const s = BUILD_STAGES[i]
    return { stage: s.id, label: s.label, progress: s.percent, marker }
  }
}
